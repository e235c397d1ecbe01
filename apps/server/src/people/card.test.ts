import { describe, expect, it } from 'vitest'
import { cardHex, parseCard } from './card'

describe('card numbers', () => {
  it('reads decimal and the little-endian bracket form', () => {
    expect(parseCard('123456789')).toBe('123456789')
    expect(parseCard('[15CD5B07]')).toBe('123456789')
    expect(parseCard('[15cd5b0700]')).toBe('123456789')
    expect(parseCard('0042')).toBe('42')
  })
  it('refuses anything else', () => {
    for (const bad of ['', 'abc', '[15CD5B]', '12 34', '-5', '[ZZCD5B07]']) {
      expect(parseCard(bad)).toBeUndefined()
    }
  })
  it('formats four-byte numbers back', () => {
    expect(cardHex('123456789')).toBe('[15CD5B07]')
    expect(cardHex('99999999999')).toBeUndefined()
    for (const n of [0, 1, 255, 65536, 4294967295])
      expect(parseCard(cardHex(String(n)) ?? '')).toBe(String(n))
  })
})
