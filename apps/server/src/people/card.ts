// Stand-in until the protocol package exports parseCardNumber/formatCardHex: same contract, swap the import then.

const HEX_FORM = /^\[([0-9A-Fa-f]{8})(00)?\]$/

/**
 * Decimal card number from a decimal string or the terminal's `[15CD5B07]` form (little-endian bytes; ZKTeco's
 * server also accepts a fifth `00` byte); undefined for anything else.
 * @example parseCard('[15CD5B07]') // '123456789'
 */
export function parseCard(text: string): string | undefined {
  const value = text.trim()
  if (/^[0-9]{1,20}$/.test(value)) return BigInt(value).toString()
  const hex = HEX_FORM.exec(value)?.[1]
  if (!hex) return undefined
  const bytes = hex.match(/../g) ?? []
  return String(Number.parseInt(bytes.reverse().join(''), 16))
}

/**
 * The `[xxxxxxxx]` form of a decimal card number that fits in four bytes, else undefined.
 * @example cardHex('123456789') // '[15CD5B07]'
 */
export function cardHex(decimal: string): string | undefined {
  const n = Number(decimal)
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff) return undefined
  const be = n.toString(16).toUpperCase().padStart(8, '0')
  return `[${(be.match(/../g) ?? []).reverse().join('')}]`
}
