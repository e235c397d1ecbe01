import { inArray, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { resultRows } from '../db/result-rows'
import { timesheetQueue } from '../db/schema'
import { addDays } from './dates'

/** A person-day to recompute. */
export interface PersonDay {
  pin: string
  date: string
}

/** A person's dates to recompute, `from` to `to` inclusive. */
export interface PersonRange {
  pin: string
  from: string
  to: string
}

/** A claimed batch: the queue rows to delete once the days are stored, and each person's merged ranges. */
export interface Claim {
  ids: number[]
  ranges: PersonRange[]
}

/** Rows per enqueue statement: bounds the JSON parameter. */
const ENQUEUE_CHUNK = 5_000

/**
 * A range wholly inside a locked period is not even queued (its days cannot change); the days of a range that
 * only overlaps one are computed and never written (see `writeDays`).
 */
const NOT_LOCKED = sql`not exists (
  select 1 from period_locks l where d."from" >= l."from" and d."to" <= l."to")`

/** Overlapping or adjacent ranges of one person as one, by person and date. */
export function merge(ranges: readonly PersonRange[]): PersonRange[] {
  const sorted = [...ranges].sort((a, b) =>
    a.pin === b.pin ? (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) : a.pin < b.pin ? -1 : 1,
  )
  const out: PersonRange[] = []
  for (const r of sorted) {
    const last = out.at(-1)
    if (last && last.pin === r.pin && r.from <= addDays(last.to, 1)) {
      if (r.to > last.to) last.to = r.to
    } else out.push({ ...r })
  }
  return out
}

/** One span per person, from their earliest to their latest date: a person has one waiting row. */
function spans(ranges: readonly PersonRange[]): PersonRange[] {
  const byPin = new Map<string, PersonRange>()
  for (const r of ranges) widen(byPin, r.pin, r.from, r.to)
  return [...byPin.values()]
}

/**
 * Widens each person's waiting row to cover the range (or makes one). The row may be locked for the instant a claim
 * takes it; a claimed row is no longer waiting, so the range then makes a fresh row.
 */
async function insertRanges(db: Db | Tx, ranges: readonly PersonRange[]): Promise<void> {
  const all = spans(ranges)
  for (let i = 0; i < all.length; i += ENQUEUE_CHUNK) {
    const chunk = all.slice(i, i + ENQUEUE_CHUNK)
    await db.execute(sql`
      insert into timesheet_queue (pin, "from", "to")
      select d.pin, d."from", d."to"
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as d(pin text, "from" date, "to" date)
      where ${NOT_LOCKED}
      on conflict (pin) where lease_until is null do update set
        "from" = least(timesheet_queue."from", excluded."from"),
        "to" = greatest(timesheet_queue."to", excluded."to")
      -- A range already covered writes nothing: under real-time ingest most punches land in a waiting range.
      where excluded."from" < timesheet_queue."from" or excluded."to" > timesheet_queue."to"`)
  }
}

/**
 * Queues person-days, idempotently: days already waiting are not queued twice, while a person being computed gets
 * a fresh row, so a punch stored during the computation is read by the next one.
 */
export function enqueueDays(db: Db | Tx, days: readonly PersonDay[]): Promise<void> {
  const byPin = new Map<string, PersonRange>()
  for (const d of days) widen(byPin, d.pin, d.date, d.date)
  return insertRanges(db, [...byPin.values()])
}

/** Widens `pin`'s span in `spans` to cover `from`..`to` (text order is date order), or starts it. */
export function widen(
  spans: Map<string, PersonRange>,
  pin: string,
  from: string,
  to: string,
): void {
  const span = spans.get(pin)
  if (!span) spans.set(pin, { pin, from, to })
  else {
    if (from < span.from) span.from = from
    if (to > span.to) span.to = to
  }
}

/** Queues each person's span of dates (one per person, as `widen` builds them). */
export function enqueueSpans(db: Db | Tx, spans: readonly PersonRange[]): Promise<void> {
  return insertRanges(db, spans)
}

/** Queues the dates from `from` to `to` (inclusive) of each of `pins`: one row per person. */
export async function enqueueRange(
  db: Db | Tx,
  pins: readonly string[],
  from: string,
  to: string,
): Promise<void> {
  if (from > to) return
  await insertRanges(
    db,
    pins.map((pin) => ({ pin, from, to })),
  )
}

/**
 * Claims up to `limit` queue rows and leases them for `leaseMs`. `FOR UPDATE SKIP LOCKED` hands disjoint rows to
 * concurrent server processes; a person has one waiting row, and one with a row leased elsewhere is skipped, so a
 * person's days are never computed by two processes at once (the slower one could store what it read before the
 * newer punch). A process that dies leaves its rows to be claimed again when the lease ends (the one case where
 * two processes may take the same person at once, its expired row and a newer waiting one; the last to commit wins,
 * which may be the older read, until the person's days are queued again).
 */
export async function claimDays(db: Db, now: Date, limit: number, leaseMs: number): Promise<Claim> {
  const at = now.toISOString()
  const until = new Date(now.getTime() + leaseMs).toISOString()
  const rows = resultRows<{ id: number | string; pin: string; from: string; to: string }>(
    await db.execute(sql`
      with c as (
        select q.id from timesheet_queue q
        where (q.lease_until is null or q.lease_until < ${at}::timestamptz)
          and not exists (
            select 1 from timesheet_queue l
            where l.pin = q.pin and l.lease_until >= ${at}::timestamptz)
        order by q.pin
        limit ${limit}
        for update of q skip locked)
      update timesheet_queue t set lease_until = ${until}::timestamptz
      from c where t.id = c.id
      returning t.id, t.pin, to_char(t."from", 'YYYY-MM-DD') as "from", to_char(t."to", 'YYYY-MM-DD') as "to"`),
  )
  return {
    ids: rows.map((r) => Number(r.id)),
    ranges: merge(rows.map((r) => ({ pin: r.pin, from: r.from, to: r.to }))),
  }
}

/** Removes the rows of a finished claim (in the transaction that stored its days). */
export async function finishClaim(tx: Db | Tx, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += ENQUEUE_CHUNK) {
    await tx
      .delete(timesheetQueue)
      .where(inArray(timesheetQueue.id, ids.slice(i, i + ENQUEUE_CHUNK)))
  }
}

/** Rows waiting or leased (for the health of the worker, tests and the benchmark). */
export async function queueLength(db: Db | Tx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(timesheetQueue)
  return Number(row?.n ?? 0)
}
