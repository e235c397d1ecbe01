import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cardFromUid, formatCardHex, parseCardNumber } from './card'

describe('parseCardNumber', () => {
  it.each<[string, string | null]>([
    ['[15CD5B07]', '123456789'],
    ['[15cd5b07]', '123456789'],
    ['[15CD5B0700]', '123456789'],
    ['[0000000001]', '4294967296'],
    ['123456789', '123456789'],
    ['00042', '42'],
    [' 7 ', '7'],
    ['', null],
    ['[15CD5B]', null],
    ['12a', null],
    ['[GGCD5B07]', null],
  ])('%j → %j', (text, expected) => {
    expect(parseCardNumber(text)).toBe(expected)
  })
})

describe('formatCardHex', () => {
  it('writes little-endian bytes, 4 or 5 of them', () => {
    expect(formatCardHex('123456789')).toBe('[15CD5B07]')
    expect(formatCardHex('0')).toBe('[00000000]')
    expect(formatCardHex('4294967296')).toBe('[0000000001]')
  })

  it('rejects what is not a decimal number or does not fit', () => {
    expect(() => formatCardHex('12x')).toThrow(/decimal/)
    expect(() => formatCardHex(String(2 ** 40))).toThrow(RangeError)
  })

  it('round-trips every 40-bit number and every 4-byte hex form', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 40n) - 1n }), (n) => {
        expect(parseCardNumber(formatCardHex(n.toString()))).toBe(n.toString())
      }),
    )
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-F]{8}$/), (hex) => {
        const decimal = parseCardNumber(`[${hex}]`)
        expect(decimal).not.toBeNull()
        expect(formatCardHex(decimal ?? '')).toBe(`[${hex}]`)
      }),
    )
  })
})

describe('cardFromUid', () => {
  it('reads the first four UID bytes little-endian', () => {
    expect(cardFromUid(new Uint8Array([0x15, 0xcd, 0x5b, 0x07]))).toBe('123456789')
    // 7-byte UID: only the first four bytes count
    expect(cardFromUid(new Uint8Array([0x15, 0xcd, 0x5b, 0x07, 0xaa, 0xbb, 0xcc]))).toBe(
      '123456789',
    )
    expect(cardFromUid(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toBe('4294967295')
    expect(cardFromUid(new Uint8Array([0x01, 0x02]))).toBe('513')
  })

  it('matches the hex form a ZKTeco device stores for the same card', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 10 }), (uid) => {
        const hex = Array.from(uid.slice(0, 4), (b) =>
          b.toString(16).toUpperCase().padStart(2, '0'),
        ).join('')
        expect(parseCardNumber(`[${hex}]`)).toBe(cardFromUid(uid))
      }),
    )
  })

  it('refuses an empty UID', () => {
    expect(() => cardFromUid(new Uint8Array())).toThrow(RangeError)
  })
})
