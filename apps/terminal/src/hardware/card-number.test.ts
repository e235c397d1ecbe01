import { cardFromUid } from '@webroster/protocol'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { uidHexFromCardNumber, uidToHex } from './card-number'

describe('card numbers', () => {
  it('maps the protocol reference example both ways', () => {
    const uid = Uint8Array.of(0x15, 0xcd, 0x5b, 0x07)
    expect(uidToHex(uid)).toBe('15CD5B07')
    expect(uidHexFromCardNumber('123456789')).toBe('15CD5B07')
    expect(uidHexFromCardNumber('[15cd5b07]')).toBe('15CD5B07')
    expect(uidHexFromCardNumber('[15CD5B0700]')).toBe('15CD5B07')
  })

  it('keeps the top byte unsigned and pads bytes', () => {
    expect(uidHexFromCardNumber('4294967295')).toBe('FFFFFFFF')
    expect(uidHexFromCardNumber('2147483648')).toBe('00000080')
    expect(uidToHex(Uint8Array.of(0x04, 0x0a, 0x00, 0xb1, 0xc2, 0xd3, 0x80))).toBe('040A00B1C2D380')
  })

  it('round-trips every 4-byte UID through its printed decimal number', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (uid) => {
        expect(uidHexFromCardNumber(cardFromUid(uid))).toBe(uidToHex(uid))
      }),
    )
  })

  it('refuses text that is no card number, and numbers beyond 5 bytes', () => {
    expect(uidHexFromCardNumber('12a')).toBeNull()
    expect(uidHexFromCardNumber('')).toBeNull()
    expect(uidHexFromCardNumber(String(2 ** 40))).toBeNull()
    expect(uidHexFromCardNumber('4294967296')).toBe('0000000001')
  })
})
