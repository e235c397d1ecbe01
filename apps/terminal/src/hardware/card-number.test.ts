import { describe, expect, it } from 'vitest'
import { decimalToUidHex, uidToDecimal, uidToHex } from './card-number'

describe('card numbers', () => {
  it('maps the protocol reference example both ways', () => {
    const uid = Uint8Array.of(0x15, 0xcd, 0x5b, 0x07)
    expect(uidToHex(uid)).toBe('15CD5B07')
    expect(uidToDecimal(uid)).toBe('123456789')
    expect(decimalToUidHex('123456789')).toBe('15CD5B07')
  })

  it('keeps the top byte unsigned', () => {
    expect(uidToDecimal(Uint8Array.of(0xff, 0xff, 0xff, 0xff))).toBe('4294967295')
    expect(decimalToUidHex('4294967295')).toBe('FFFFFFFF')
    expect(uidToDecimal(Uint8Array.of(0, 0, 0, 0x80))).toBe('2147483648')
  })

  it('pads bytes and handles long UIDs in hex only', () => {
    const uid = Uint8Array.of(0x04, 0x0a, 0x00, 0xb1, 0xc2, 0xd3, 0x80)
    expect(uidToHex(uid)).toBe('040A00B1C2D380')
    expect(uidToDecimal(uid)).toBeNull()
  })

  it('round-trips every 4-byte UID it is given', () => {
    for (let i = 0; i < 500; i++) {
      const uid = Uint8Array.from({ length: 4 }, () => Math.floor(Math.random() * 256))
      const decimal = uidToDecimal(uid)
      expect(decimal && decimalToUidHex(decimal)).toBe(uidToHex(uid))
    }
  })

  it('refuses decimals that are not 32-bit card numbers', () => {
    expect(decimalToUidHex('4294967296')).toBeNull()
    expect(decimalToUidHex('12a')).toBeNull()
    expect(decimalToUidHex('')).toBeNull()
  })
})
