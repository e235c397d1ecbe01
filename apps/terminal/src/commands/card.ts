import { decimalToUidHex } from '../hardware/card-number'

/**
 * The stored form of a USERINFO `Card`: the UID hex the reader reports. `[15CD5B07]` is already
 * those bytes (a 5-byte `[…00]` form drops its zero byte); a decimal is the UID read
 * little-endian, so 123456789 is 15CD5B07. `0` and empty mean no card.
 * @example canonicalCard('123456789') // '15CD5B07'
 */
export function canonicalCard(raw: string): string {
  const text = raw.trim()
  if (text === '' || /^0+$/.test(text)) return ''
  const bracket = /^\[([0-9a-f]+)\]$/i.exec(text)
  if (bracket) {
    const hex = (bracket[1] ?? '').toUpperCase()
    return hex.length === 10 && hex.endsWith('00') ? hex.slice(0, 8) : hex
  }
  if (/^\d+$/.test(text)) return decimalToUidHex(text) ?? text
  return text.toUpperCase()
}
