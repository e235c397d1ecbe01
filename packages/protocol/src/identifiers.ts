/**
 * The PINs and serial numbers the server stores are exactly those its API can address: ingest refuses the others
 * with a reason, and the API schemas use the same patterns, so no row exists that no URL can reach.
 */

/** A person's PIN: 1-24 ASCII letters or digits (firmware PIN widths of 9 and 14 are common; some use letters). */
export const PIN_PATTERN = '^[A-Za-z0-9]{1,24}$'
/** A terminal serial number: 1-64 ASCII letters, digits, `_` or `-`. */
export const SERIAL_PATTERN = '^[A-Za-z0-9_-]{1,64}$'

const PIN_RE = new RegExp(PIN_PATTERN)
const SERIAL_RE = new RegExp(SERIAL_PATTERN)

/** A value shown inside a reason, cut so that a 10 kB field cannot make a 10 kB reason. */
export function quoted(value: string, max = 40): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value)
}

/**
 * Why a PIN cannot be stored, or undefined when it can.
 * @example pinProblem('12a') // undefined
 * @example pinProblem('José') // 'PIN "José" is not 1-24 ASCII letters or digits'
 */
export function pinProblem(pin: string): string | undefined {
  return PIN_RE.test(pin) ? undefined : `PIN ${quoted(pin)} is not 1-24 ASCII letters or digits`
}

/**
 * Whether a serial number can be stored and addressed.
 * @example isSerialNumber('CQQC2230001') // true
 * @example isSerialNumber('número') // false
 */
export function isSerialNumber(sn: string): boolean {
  return SERIAL_RE.test(sn)
}

/** Longest card number kept: cards are looked up through an index, and a btree row holds at most ~2.7 kB. */
const MAX_CARD = 64

/**
 * Why a card number cannot be stored, or undefined when it can.
 * @example cardProblem('3132333435') // undefined
 */
export function cardProblem(card: string): string | undefined {
  return card.length > MAX_CARD ? `card number longer than ${MAX_CARD} characters` : undefined
}
