import { uidHexFromCardNumber } from '../hardware/card-number'

/**
 * The stored form of a USERINFO `Card`: the UID hex the reader reports. `[15CD5B07]` is already
 * those bytes (a 5-byte `[…00]` form drops its zero byte); a decimal is the UID read
 * little-endian, so 123456789 is 15CD5B07. `0` and empty mean no card; other bracketed hex (a
 * 7-byte UID) is kept as it is.
 * @example canonicalCard('123456789') // '15CD5B07'
 */
export function canonicalCard(raw: string): string {
  const text = raw.trim()
  if (text === '' || /^0+$/.test(text)) return ''
  const uid = uidHexFromCardNumber(text)
  if (uid !== null) return uid
  const bracket = /^\[([0-9a-f]+)\]$/i.exec(text)
  return (bracket?.[1] ?? text).toUpperCase()
}
