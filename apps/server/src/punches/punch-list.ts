import { and, asc, desc, eq, getTableColumns, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { decodeCursor, encodeCursor } from '../cursor'
import type { Db } from '../db'
import { people, punchCorrections, punches } from '../db/schema'
import { ValidationError } from '../errors'
import type { Month } from './month-ranges'
import { type PageWindow, pageWindows } from './page-windows'
import { partitionMonths } from './partitions'
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

/** The conditions of one statement: the query's filter and cursor, within `window`. */
function windowWhere(q: PunchQuery, window: PageWindow) {
  const { sns: _, ...rest } = q
  return and(
    punchFilterSql({
      ...rest,
      ...narrowed(q.from, window.from, (a, b) => a > b, 'from'),
      ...narrowed(q.to, window.to, (a, b) => a < b, 'to'),
    }),
    q.cursor ? afterKey(decodePunchCursor(q.cursor, q.sort), q.sort === 'newest') : undefined,
  )
}

/** The later of two lower bounds or the earlier of two upper ones, as a filter field. */
function narrowed(
  own: Date | undefined,
  window: Date | undefined,
  tighter: (a: Date, b: Date) => boolean,
  key: 'from' | 'to',
): Partial<Record<'from' | 'to', Date>> {
  const bound = own && window ? (tighter(window, own) ? window : own) : (own ?? window)
  return bound ? { [key]: bound } : {}
}

/**
 * One statement of a page of the list: `window`'s matching punches in list order, at most `limit`, unexecuted
 * (tests read its plan). The person's name and the corrections are joined so a page is one statement per window.
 */
export function punchListQuery(
  db: Db,
  q: PunchQuery,
  window: PageWindow = {},
  limit = q.limit + 1,
) {
  const order = q.sort === 'newest' ? desc : asc
  const where = windowWhere(q, window)
  const corrections = {
    made: { punchId: made.punchId, reason: made.reason },
    later: { action: later.action, replacementId: later.replacementId, reason: later.reason },
  }
  if (!q.sns) {
    return db
      .select({
        punch: punches,
        at: sql<string>`${punches.punchedAt}::text`,
        personName: people.name,
        ...corrections,
      })
      .from(punches)
      .leftJoin(people, eq(people.pin, punches.pin))
      .leftJoin(made, eq(made.replacementId, punches.id))
      .leftJoin(later, eq(later.punchId, punches.id))
      .where(where)
      .orderBy(order(punches.punchedAt), order(punches.id))
      .limit(limit)
  }
  // A group: one ordered read per device from `punches_sn_time_idx`, merged. `sn IN (…)` ordered by time walks
  // the time index and keeps one row in a hundred (67 ms at 10,000,000 punches); this reads at most `limit` rows
  // per device. Duplicates dropped: a device named twice would list its punches twice.
  const devices = sql.join(
    [...new Set(q.sns)].map((sn) => sql`${sn}`),
    sql`, `,
  )
  const p = db
    .select({ ...getTableColumns(punches), at: sql<string>`${punches.punchedAt}::text`.as('at') })
    .from(punches)
    .where(and(sql`${punches.sn} = d.sn`, where))
    .orderBy(order(punches.punchedAt), order(punches.id))
    .limit(limit)
    .as('p')
  // The subquery's columns by name (a subquery is a proxy: spreading it would not list them).
  const columns = Object.fromEntries(
    Object.keys(getTableColumns(punches)).map((k) => [k, p[k as keyof typeof p]]),
  ) as unknown as typeof punches._.columns
  return (
    db
      .select({
        punch: columns,
        at: p.at,
        // Looked up for the page's rows only, after the merge: joined, the planner hashed the whole people table
        // once per device (17 ms for a group's first page at 10,000 people, 2.5 ms so).
        personName: sql<
          string | null
        >`(select ${people.name} from ${people} where ${people.pin} = ${p.pin})`,
        ...corrections,
      })
      // A group without devices matches nothing: an empty array has no rows to join.
      .from(sql`unnest(array[${devices}]::text[]) as d(sn)`)
      .crossJoinLateral(p)
      .leftJoin(made, eq(made.replacementId, p.id))
      .leftJoin(later, eq(later.punchId, p.id))
      .orderBy(order(p.punchedAt), order(p.id))
      .limit(limit)
  )
}

async function* wholeTable(): AsyncGenerator<PageWindow> {
  yield {}
}

/**
 * Punches keyset-paginated on (punched_at, id), so pages stay stable while punches arrive. A page is read window by
 * window (page-windows.ts) until it is full, so it plans the months it lists rather than every month kept.
 */
export async function listPunches(
  db: Db,
  q: PunchQuery,
  /** Where a newest-first list without bounds starts: this month */
  now: Date,
  months: () => Promise<readonly Month[]> = () => partitionMonths(db),
): Promise<{ items: ListedPunch[]; nextCursor: string | null }> {
  const rows: Awaited<ReturnType<typeof punchListQuery>> = []
  const want = q.limit + 1
  // A person's punches are a few a month: walked by month, a page would take several statements, where one
  // statement reads at most a page from each month's `punches_pin_idx`.
  const windows = q.pin
    ? wholeTable()
    : pageWindows({
        newestFirst: q.sort === 'newest',
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.cursor ? { after: new Date(decodePunchCursor(q.cursor, q.sort).at) } : {}),
        now,
        months,
      })
  for await (const window of windows) {
    rows.push(...(await punchListQuery(db, q, window, want - rows.length)))
    if (rows.length >= want) break
  }
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
