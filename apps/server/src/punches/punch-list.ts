import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { decodeCursor, encodeCursor } from '../cursor'
import type { Db } from '../db'
import { people, punchCorrections, punches } from '../db/schema'
import { ValidationError } from '../errors'
import { afterKey, type PunchFilter, type PunchKey, punchFilterSql } from './punch-filter'

export type PunchRow = typeof punches.$inferSelect

/**
 * A listed punch, with the name of its person (null for a PIN no person has), the punch it corrects when it is a
 * correction's new version, and, when corrected versions are listed too, the correction that replaced or voided it.
 */
export type ListedPunch = PunchRow & {
  personName: string | null
  corrects: { punchId: number; reason: string } | null
  correctedBy: { action: 'edit' | 'void'; replacementId: number | null; reason: string } | null
}

const made = alias(punchCorrections, 'made')
const later = alias(punchCorrections, 'later')

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

/** The statement of one page of the list, unexecuted (tests read its plan). */
export function punchListQuery(db: Db, q: PunchQuery) {
  const newestFirst = q.sort === 'newest'
  const order = newestFirst ? desc : asc
  return (
    db
      .select({
        punch: punches,
        personName: people.name,
        at: sql<string>`${punches.punchedAt}::text`,
        made: { punchId: made.punchId, reason: made.reason },
        later: { action: later.action, replacementId: later.replacementId, reason: later.reason },
      })
      .from(punches)
      // Only the name is read of the people table, joined so a page is one statement.
      .leftJoin(people, eq(people.pin, punches.pin))
      .leftJoin(made, eq(made.replacementId, punches.id))
      .leftJoin(later, eq(later.punchId, punches.id))
      .where(
        and(
          punchFilterSql(q),
          q.cursor ? afterKey(decodePunchCursor(q.cursor, q.sort), newestFirst) : undefined,
        ),
      )
      .orderBy(order(punches.punchedAt), order(punches.id))
      .limit(q.limit + 1)
  )
}

/** Punches keyset-paginated on (punched_at, id), so pages stay stable while punches arrive. */
export async function listPunches(
  db: Db,
  q: PunchQuery,
): Promise<{ items: ListedPunch[]; nextCursor: string | null }> {
  const rows = await punchListQuery(db, q)
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  return {
    items: page.map((r) => ({
      ...r.punch,
      personName: r.personName,
      corrects: r.made?.punchId != null ? { punchId: r.made.punchId, reason: r.made.reason } : null,
      correctedBy: r.later?.action
        ? { action: r.later.action, replacementId: r.later.replacementId, reason: r.later.reason }
        : null,
    })),
    nextCursor:
      rows.length > q.limit && last ? encodeCursor([q.sort, last.at, last.punch.id]) : null,
  }
}
