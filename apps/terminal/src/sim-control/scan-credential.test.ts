import { formatCardHex } from '@webroster/protocol'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scanCredential } from './scan-credential'

describe('scanCredential', () => {
  it('reads a printed decimal card number as the UID hex the reader reports', () => {
    expect(scanCredential({ card: '123456789' })).toEqual({ kind: 'card', card: '15CD5B07' })
    expect(scanCredential({ card: 123456789 })).toEqual({ kind: 'card', card: '15CD5B07' })
    expect(scanCredential({ card: '0012345678' })).toEqual({ kind: 'card', card: '4E61BC00' })
    // Digits only are a printed number even when they could be hex.
    expect(scanCredential({ card: '78563412' })).toEqual({ kind: 'card', card: '54C8AE04' })
  })

  it('takes the reader form as is: uid, or a card with hex letters', () => {
    expect(scanCredential({ uid: '15cd5b07' })).toEqual({ kind: 'card', card: '15CD5B07' })
    expect(scanCredential({ uid: '04A1B2C3D4E5F6' })).toEqual({
      kind: 'card',
      card: '04A1B2C3D4E5F6',
    })
    expect(scanCredential({ card: 'c0ffee' })).toEqual({ kind: 'card', card: 'C0FFEE' })
    expect(scanCredential({ uid: '78563412' })).toEqual({ kind: 'card', card: '78563412' })
  })

  it('presents every 4-byte card the same by its printed number and by its reader UID', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffffffff }), (n) => {
        const uid = formatCardHex(String(n)).slice(1, -1)
        expect(scanCredential({ card: String(n) })).toEqual({ kind: 'card', card: uid })
        expect(scanCredential({ uid })).toEqual({ kind: 'card', card: uid })
      }),
    )
  })

  it('reads a finger as a PIN and explains what it cannot read', () => {
    expect(scanCredential({ finger: 7 })).toEqual({ kind: 'finger', pin: '7' })
    expect(scanCredential({})).toMatch(/uid/)
    expect(scanCredential({ uid: 'XYZ' })).toMatch(/hex/)
    expect(scanCredential({ card: String(2 ** 40) })).toMatch(/5 bytes/)
  })
})
