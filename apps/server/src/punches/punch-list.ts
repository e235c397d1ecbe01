import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { decodeCursor, encodeCursor } from '../cursor'
import type { Db } from '../db'
import { people, punches } from '../db/schema'
import { ValidationError } from '../errors'
import { afterKey, type PunchFilter, type PunchKey, punchFilterSql } from './punch-filter'

export type PunchRow = typeof punches.$inferSelect

/** A listed punch, with the name of its person (null for a PIN no person has). */
export type ListedPunch = PunchRow & { personName: string | null }

/** Newest first is what an office looks for ("did she clock in this morning?"); oldest first reads a period. */
export type PunchSort = 'newest' | 'oldest'

export interface PunchQuery extends PunchFilter {
  limit: number
  sort: PunchSort
  cursor?: string
}

function decodePunchCursor(cursor: string, sort: PunchSort): PunchKey {
  const [order, at, id] = decodeCursor(cursor, 3)
  const n = Number(id)
  if (order !== sort || Number.isNaN(Date.parse(at ?? '')) || !Number.isSafeInteger(n)) {
    throw new ValidationError('"cursor" is not one this API returned for this sort')
  }
  return { at: at ?? '', id: n }
}

/** Punches keyset-paginated on (punched_at, id), so pages stay stable while punches arrive. */
export async function listPunches(
  db: Db,
  q: PunchQuery,
): Promise<{ items: ListedPunch[]; nextCursor: string | null }> {
  const newestFirst = q.sort === 'newest'
  const order = newestFirst ? desc : asc
  const rows = await db
    .select({
      punch: punches,
      personName: people.name,
      at: sql<string>`${punches.punchedAt}::text`,
    })
    .from(punches)
    // Only the name is read of the people table, joined so a page is one statement.
    .leftJoin(people, eq(people.pin, punches.pin))
    .where(
      and(
        punchFilterSql(q),
        q.cursor ? afterKey(decodePunchCursor(q.cursor, q.sort), newestFirst) : undefined,
      ),
    )
    .orderBy(order(punches.punchedAt), order(punches.id))
    .limit(q.limit + 1)
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  return {
    items: page.map((r) => ({ ...r.punch, personName: r.personName })),
    nextCursor:
      rows.length > q.limit && last ? encodeCursor([q.sort, last.at, last.punch.id]) : null,
  }
}
