import { uidHexFromCardNumber } from '../hardware/card-number'
import type { Credential } from '../hardware/ports'

/** A 4-byte UID as the reader reports it: ambiguous with a decimal when it has no letters. */
const READER_UID = /^[0-9A-Fa-f]{8}$/

/**
 * The credential a `/scan` body presents:
 * - `{ uid: "15CD5B07" }`: the UID hex as the reader reports it (any even length), taken as is;
 * - `{ card: "123456789" }`: the decimal number printed on the card, converted to the reader's UID
 *   hex as USERINFO `Card=` values are (decimal ⇒ little-endian bytes ⇒ hex);
 * - `{ card: "15CD5B07" }`: a `card` that holds hex letters, or is exactly 8 hex digits, is the
 *   reader's UID (the older form of this API). An 8-digit printed number is therefore read as
 *   hex; send it zero-padded to 10 digits, as ZKTeco prints card numbers (`0012345678`);
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
    if (/^\d+$/.test(card) && !READER_UID.test(card)) {
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
