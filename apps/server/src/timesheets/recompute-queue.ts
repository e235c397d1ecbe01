import { inArray, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { resultRows } from '../db/result-rows'
import { timesheetQueue } from '../db/schema'

/** A person-day to recompute. */
export interface PersonDay {
  pin: string
  date: string
}

/** A claimed batch: the queue rows to delete once the days are stored, and the distinct person-days. */
export interface Claim {
  ids: number[]
  days: PersonDay[]
}

/** Person-days per enqueue statement: bounds the JSON parameter. */
const ENQUEUE_CHUNK = 5_000

/** Never inside a locked period: those days do not change, so they are not even queued. */
const NOT_LOCKED = sql`not exists (select 1 from period_locks l where d.date between l."from" and l."to")`

/**
 * Queues person-days, idempotently: a day already waiting (unclaimed) is not queued twice, while a day being
 * computed gets a fresh row, so a punch stored during the computation is read by the next one. Days of locked
 * periods are left out.
 */
export async function enqueueDays(db: Db | Tx, days: readonly PersonDay[]): Promise<void> {
  for (let i = 0; i < days.length; i += ENQUEUE_CHUNK) {
    const chunk = days.slice(i, i + ENQUEUE_CHUNK)
    await db.execute(sql`
      insert into timesheet_queue (pin, date)
      select d.pin, d.date
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as d(pin text, date date)
      where ${NOT_LOCKED}
      on conflict (pin, date) where lease_until is null do nothing`)
  }
}

/**
 * Queues every date from `from` to `to` (inclusive) for each of `pins`, in one statement per chunk of people
 * (a schedule for everyone queues its whole population).
 */
export async function enqueueRange(
  db: Db | Tx,
  pins: readonly string[],
  from: string,
  to: string,
): Promise<void> {
  if (from > to) return
  for (let i = 0; i < pins.length; i += ENQUEUE_CHUNK) {
    const chunk = pins.slice(i, i + ENQUEUE_CHUNK)
    await db.execute(sql`
      insert into timesheet_queue (pin, date)
      select d.pin, d.date
      from (
        select p.pin, g::date as date
        from jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb) as p(pin)
        cross join generate_series(${from}::date, ${to}::date, interval '1 day') as g
      ) d
      where ${NOT_LOCKED}
      on conflict (pin, date) where lease_until is null do nothing`)
  }
}

/**
 * Claims up to `limit` queue rows and leases them for `leaseMs`. `FOR UPDATE SKIP LOCKED` hands disjoint rows to
 * concurrent server processes, and a person-day whose computation is leased elsewhere is skipped, so one day is
 * never computed by two processes at once (the slower one could store what it read before the newer punch). A
 * process that dies leaves its rows to be claimed again when the lease ends.
 */
export async function claimDays(db: Db, now: Date, limit: number, leaseMs: number): Promise<Claim> {
  const until = new Date(now.getTime() + leaseMs)
  const rows = resultRows<{ id: number | string; pin: string; date: string }>(
    await db.execute(sql`
      with c as (
        select q.id from timesheet_queue q
        where (q.lease_until is null or q.lease_until < ${now.toISOString()}::timestamptz)
          and not exists (
            select 1 from timesheet_queue l
            where l.pin = q.pin and l.date = q.date
              and l.lease_until >= ${now.toISOString()}::timestamptz)
        order by q.pin, q.date
        limit ${limit}
        for update of q skip locked)
      update timesheet_queue t set lease_until = ${until.toISOString()}::timestamptz
      from c where t.id = c.id
      returning t.id, t.pin, to_char(t.date, 'YYYY-MM-DD') as date`),
  )
  const seen = new Set<string>()
  const days: PersonDay[] = []
  for (const r of rows) {
    const key = `${r.pin}|${r.date}`
    if (seen.has(key)) continue
    seen.add(key)
    days.push({ pin: r.pin, date: r.date })
  }
  return { ids: rows.map((r) => Number(r.id)), days }
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
