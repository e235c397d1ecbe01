import { ValidationError } from './errors'

/**
 * A keyset cursor: the sort key of the last row of a page, opaque to clients. Each part is URI-encoded so a
 * part may hold any character, including the separator.
 */
export function encodeCursor(parts: Array<string | number>): string {
  return Buffer.from(parts.map((p) => encodeURIComponent(String(p))).join('|')).toString(
    'base64url',
  )
}

/** The parts of a cursor `encodeCursor` made, exactly `count` of them, or a 400. */
export function decodeCursor(cursor: string, count: number): string[] {
  const parts = Buffer.from(cursor, 'base64url').toString().split('|')
  try {
    if (parts.length === count) return parts.map((p) => decodeURIComponent(p))
  } catch {
    // A malformed escape: not a cursor this API returned, reported below.
  }
  throw new ValidationError('"cursor" is not one this API returned')
}
