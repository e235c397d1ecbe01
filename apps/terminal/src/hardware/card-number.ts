/**
 * Card strings. The sensor reports `uidToHex` (the UID in the order the card sends it), which is
 * also the PUSH protocol's bracketed `Card=[15CD5B07]` form. Many ZKTeco servers and printed card
 * numbers use the decimal of the 4-byte UID read little-endian instead: `uidToDecimal`.
 */

/**
 * Uppercase hex of a UID, byte order as received.
 * @example uidToHex(Uint8Array.of(0x15, 0xcd, 0x5b, 0x07)) // '15CD5B07'
 */
export function uidToHex(uid: Uint8Array): string {
  return Array.from(uid, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()
}

/**
 * Decimal card number of a 4-byte UID read little-endian, as ZKTeco terminals print it; null for
 * 7- and 10-byte UIDs, which have no agreed decimal form.
 * @example uidToDecimal(Uint8Array.of(0x15, 0xcd, 0x5b, 0x07)) // '123456789'
 */
export function uidToDecimal(uid: Uint8Array): string | null {
  if (uid.length !== 4) return null
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = uid
  // Multiplication, not <<, keeps the top byte unsigned.
  return String(b0 + b1 * 0x100 + b2 * 0x10000 + b3 * 0x1000000)
}

/**
 * Turns a decimal card number back into its 4-byte hex UID, to match USERINFO `Card=123456789`.
 * @example decimalToUidHex('123456789') // '15CD5B07'
 */
export function decimalToUidHex(decimal: string): string | null {
  if (!/^\d{1,10}$/.test(decimal)) return null
  const n = Number(decimal)
  if (n > 0xffffffff) return null
  return uidToHex(Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24))
}
