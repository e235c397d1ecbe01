/**
 * ZKTeco stores a card number as a decimal string or as its bytes in little-endian hex, `[15CD5B07]` for
 * 123456789 (ZKTeco's own server also writes a fifth byte, `[15CD5B0700]`). Numbers here are decimal strings so
 * 40-bit values stay exact.
 */

const BRACKETED = /^\[([0-9A-Fa-f]{8}|[0-9A-Fa-f]{10})\]$/

/**
 * Canonical decimal card number from `[15CD5B07]`, `[15CD5B0700]` or a decimal string; null if neither.
 * @example parseCardNumber('[15CD5B07]') // '123456789'
 */
export function parseCardNumber(text: string): string | null {
  const t = text.trim()
  const hex = BRACKETED.exec(t)?.[1]
  if (hex !== undefined) {
    let n = 0n
    for (let i = hex.length - 2; i >= 0; i -= 2)
      n = (n << 8n) | BigInt(Number.parseInt(hex.slice(i, i + 2), 16))
    return n.toString()
  }
  if (/^[0-9]+$/.test(t)) return BigInt(t).toString()
  return null
}

/**
 * The `[xxxxxxxx]` little-endian hex form of a decimal card number (5 bytes when it needs more than 32 bits).
 * @example formatCardHex('123456789') // '[15CD5B07]'
 */
export function formatCardHex(decimal: string): string {
  if (!/^[0-9]+$/.test(decimal.trim()))
    throw new Error(`not a decimal card number: ${JSON.stringify(decimal)}`)
  let n = BigInt(decimal.trim())
  if (n >= 1n << 40n) throw new RangeError(`card number does not fit in 5 bytes: ${decimal}`)
  const width = n >= 1n << 32n ? 5 : 4
  let hex = ''
  for (let i = 0; i < width; i++) {
    hex += Number(n & 0xffn)
      .toString(16)
      .toUpperCase()
      .padStart(2, '0')
    n >>= 8n
  }
  return `[${hex}]`
}

/**
 * The card number ZKTeco firmware stores for a contactless card UID: the first four UID bytes (all of them if
 * fewer) read little-endian, as a decimal string. A UID `15 CD 5B 07` read by a PN532 gives '123456789', the same
 * number a ZKTeco reader reports for that card, so cards enrolled on either side match.
 * @example cardFromUid(new Uint8Array([0x15, 0xcd, 0x5b, 0x07])) // '123456789'
 */
export function cardFromUid(uid: Uint8Array): string {
  if (uid.length === 0) throw new RangeError('empty card UID')
  let n = 0
  for (let i = Math.min(uid.length, 4) - 1; i >= 0; i--) n = n * 256 + (uid[i] ?? 0)
  return String(n)
}
