import { and, asc, eq, gt, gte, lt, or } from 'drizzle-orm'
import { decodeCursor, encodeCursor } from '../cursor'
import type { Db } from '../db'
import { punches } from '../db/schema'
import { ValidationError } from '../errors'

export type PunchRow = typeof punches.$inferSelect

export interface PunchQuery {
  limit: number
  sn?: string
  pin?: string
  from?: Date
  /** Exclusive */
  to?: Date
  cursor?: string
}

function punchCursor(row: PunchRow): string {
  return encodeCursor([row.punchedAt.toISOString(), row.id])
}

function decodePunchCursor(cursor: string): { at: Date; id: number } {
  const [at, id] = decodeCursor(cursor, 2)
  const date = new Date(at ?? '')
  const n = Number(id)
  if (Number.isNaN(date.getTime()) || !Number.isSafeInteger(n)) {
    throw new ValidationError('"cursor" is not one this API returned')
  }
  return { at: date, id: n }
}

/** Punches, oldest first, keyset-paginated on (punched_at, id) so pages stay stable while punches arrive. */
export async function listPunches(
  db: Db,
  q: PunchQuery,
): Promise<{ items: PunchRow[]; nextCursor: string | null }> {
  const conds = []
  if (q.sn) conds.push(eq(punches.sn, q.sn))
  if (q.pin) conds.push(eq(punches.pin, q.pin))
  if (q.from) conds.push(gte(punches.punchedAt, q.from))
  if (q.to) conds.push(lt(punches.punchedAt, q.to))
  if (q.cursor) {
    const c = decodePunchCursor(q.cursor)
    conds.push(
      or(gt(punches.punchedAt, c.at), and(eq(punches.punchedAt, c.at), gt(punches.id, c.id))),
    )
  }
  const rows = await db
    .select()
    .from(punches)
    .where(and(...conds))
    .orderBy(asc(punches.punchedAt), asc(punches.id))
    .limit(q.limit + 1)
  const items = rows.slice(0, q.limit)
  const last = items.at(-1)
  return { items, nextCursor: rows.length > q.limit && last ? punchCursor(last) : null }
}
