import { uidHexFromCardNumber } from '../hardware/card-number'
import type { Credential } from '../hardware/ports'

/**
 * The credential a `/scan` body presents:
 * - `{ uid: "15CD5B07" }`: the UID hex as the reader reports it (any even length), taken as is;
 * - `{ card: "123456789" }`: digits only are always the decimal number printed on the card,
 *   converted to the reader's UID hex as USERINFO `Card=` values are (decimal ⇒ little-endian
 *   bytes ⇒ hex). A UID whose hex has no letters (`78563412`) must therefore come as `uid`;
 * - `{ card: "15CD5B07" }`: a `card` with hex letters is the reader's UID (the older form);
 * - `{ finger: "7" }`: a fingerprint match for that PIN.
 * Returns an error message for anything else.
 * @example scanCredential({ card: '123456789' }) // { kind: 'card', card: '15CD5B07' }
 */
export function scanCredential(body: Record<string, unknown>): Credential | string {
  const uid = text(body.uid)
  if (uid !== undefined) {
    return /^([0-9A-Fa-f]{2})+$/.test(uid)
      ? { kind: 'card', card: uid.toUpperCase() }
      : 'uid must be the hex bytes the reader reports, e.g. 15CD5B07'
  }
  const card = text(body.card)
  if (card !== undefined) {
    if (/^\d+$/.test(card)) {
      const hex = uidHexFromCardNumber(card)
      return hex === null ? `card number ${card} does not fit 5 bytes` : { kind: 'card', card: hex }
    }
    return { kind: 'card', card: card.toUpperCase() }
  }
  const finger = text(body.finger)
  if (finger !== undefined) return { kind: 'finger', pin: finger }
  return 'give { uid }, { card } or { finger: pin }'
}

/** A non-empty string (trimmed) or a safe integer from a JSON body, as text. */
export const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== ''
    ? v.trim()
    : typeof v === 'number' && Number.isSafeInteger(v)
      ? String(v)
      : undefined
