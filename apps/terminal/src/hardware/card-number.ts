import { formatCardHex, parseCardNumber } from '@webroster/protocol'

/**
 * Card strings. The sensor reports `uidToHex` (the UID in the order the card sends it), which is
 * also the PUSH protocol's bracketed `Card=[15CD5B07]` form, so the terminal stores cards that
 * way. Printed card numbers and many servers use the decimal of the UID read little-endian; the
 * protocol package converts between the two.
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
 * The UID hex a reader reports for a card given as a decimal number, `[hex]` or `[hex00]`; null
 * when it is neither or does not fit 5 bytes. A fifth zero byte is dropped, as 4-byte readers
 * never report it.
 * @example uidHexFromCardNumber('123456789') // '15CD5B07'
 */
export function uidHexFromCardNumber(text: string): string | null {
  const decimal = parseCardNumber(text)
  if (decimal === null || BigInt(decimal) >= 1n << 40n) return null
  return formatCardHex(decimal).slice(1, -1)
}
