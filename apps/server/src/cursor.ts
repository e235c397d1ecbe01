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

/** One page of a list and the cursor of the next one (`null` on the last page): every list route answers so. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** The page of `rows` (fetched `limit + 1`, newest id first) with a cursor on its last id. */
export function idPage<T extends { id: number }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null }
}

/** The id a newest-first cursor made by `idPage` stops below, or a 400. */
export function idBeforeCursor(cursor: string): number {
  const [id] = decodeCursor(cursor, 1)
  const n = Number(id)
  if (!Number.isSafeInteger(n) || n < 1)
    throw new ValidationError('"cursor" is not one this API returned')
  return n
}
