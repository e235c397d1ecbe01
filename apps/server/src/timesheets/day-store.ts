import { createHash } from 'node:crypto'
import type { DayException, DayRecord, DayStatus } from '@webroster/attendance'
import { and, asc, gt, gte, inArray, lte, or, type SQL, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { resultRows } from '../db/result-rows'
import { timesheetDays } from '../db/schema'

/** A stored day: the engine's record and what the store adds (revision, when it last changed). */
export interface StoredDay extends DayRecord {
  revision: number
  computedAt: Date
}

/** Records per upsert statement: bounds the JSON parameter (~300 bytes a record). */
const WRITE_CHUNK = 2_000

/**
 * The record's fingerprint. Field order is fixed here, so equal records hash equally whatever produced them; a
 * re-computation with an equal hash writes nothing, takes no change number and sends no webhook.
 */
export function recordHash(r: DayRecord): string {
  const fields = [
    r.shiftId,
    r.status,
    r.firstIn,
    r.lastOut,
    r.workedMinutes,
    r.breakMinutes,
    r.lateMinutes,
    r.earlyLeaveMinutes,
    r.overtimeMinutes,
    r.punchIds,
    r.exceptions.map((e) => [e.kind, e.punchId, e.minutes]),
  ]
  return createHash('sha1').update(JSON.stringify(fields)).digest('base64url')
}

/**
 * Stores the records that differ from the stored ones (by hash), each change taking a new revision and change
 * number; days of a locked period are never written. One `INSERT … SELECT FROM jsonb_to_recordset` per chunk, as
 * the punch batcher writes. Returns how many records changed.
 */
export async function writeDays(
  tx: Db | Tx,
  records: readonly DayRecord[],
  now: Date,
): Promise<number> {
  let changed = 0
  for (let i = 0; i < records.length; i += WRITE_CHUNK) {
    const chunk = records.slice(i, i + WRITE_CHUNK).map((r) => ({
      pin: r.pin,
      date: r.date,
      shiftId: r.shiftId,
      status: r.status,
      firstIn: r.firstIn === null ? null : new Date(r.firstIn).toISOString(),
      lastOut: r.lastOut === null ? null : new Date(r.lastOut).toISOString(),
      worked: r.workedMinutes,
      break: r.breakMinutes,
      late: r.lateMinutes,
      early: r.earlyLeaveMinutes,
      overtime: r.overtimeMinutes,
      punchIds: r.punchIds,
      exceptions: r.exceptions,
      hash: recordHash(r),
    }))
    const [row] = resultRows<{ n: number }>(
      await tx.execute(sql`
        with up as (
          insert into timesheet_days (pin, date, shift_id, status, first_in, last_out, worked_minutes,
            break_minutes, late_minutes, early_leave_minutes, overtime_minutes, punch_ids, exceptions, hash,
            computed_at)
          select r.pin, r.date, r."shiftId", r.status, r."firstIn", r."lastOut", r.worked, r.break, r.late,
            r.early, r.overtime, r."punchIds", r.exceptions, r.hash, ${now.toISOString()}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(pin text, date date, "shiftId" bigint,
            status text, "firstIn" timestamptz, "lastOut" timestamptz, worked int, break int, late int,
            early int, overtime int, "punchIds" jsonb, exceptions jsonb, hash text)
          where not exists (select 1 from period_locks l where r.date between l."from" and l."to")
          on conflict (pin, date) do update set
            shift_id = excluded.shift_id, status = excluded.status, first_in = excluded.first_in,
            last_out = excluded.last_out, worked_minutes = excluded.worked_minutes,
            break_minutes = excluded.break_minutes, late_minutes = excluded.late_minutes,
            early_leave_minutes = excluded.early_leave_minutes, overtime_minutes = excluded.overtime_minutes,
            punch_ids = excluded.punch_ids, exceptions = excluded.exceptions, hash = excluded.hash,
            computed_at = excluded.computed_at, revision = timesheet_days.revision + 1,
            change_seq = nextval('timesheet_day_change_seq')
          where timesheet_days.hash <> excluded.hash
          returning 1)
        select count(*)::int as n from up`),
    )
    changed += Number(row?.n ?? 0)
  }
  return changed
}

type DayRow = typeof timesheetDays.$inferSelect

/** A stored row as the engine's record plus revision. */
export function storedDay(r: DayRow): StoredDay {
  return {
    pin: r.pin,
    date: r.date,
    shiftId: r.shiftId,
    status: r.status as DayStatus,
    firstIn: r.firstIn?.getTime() ?? null,
    lastOut: r.lastOut?.getTime() ?? null,
    workedMinutes: r.workedMinutes,
    breakMinutes: r.breakMinutes,
    lateMinutes: r.lateMinutes,
    earlyLeaveMinutes: r.earlyLeaveMinutes,
    overtimeMinutes: r.overtimeMinutes,
    punchIds: r.punchIds,
    exceptions: r.exceptions as unknown as DayException[],
    revision: r.revision,
    computedAt: r.computedAt,
  }
}

/** Which stored days a read returns. */
export interface DayFilter {
  from: string
  to: string
  /** Only these people (a person, or a group's members) */
  pins?: readonly string[]
  /** Only days with at least one exception */
  withExceptions?: boolean
}

function filterSql(f: DayFilter): SQL | undefined {
  return and(
    gte(timesheetDays.date, f.from),
    lte(timesheetDays.date, f.to),
    f.pins ? (f.pins.length ? inArray(timesheetDays.pin, [...f.pins]) : sql`false`) : undefined,
    f.withExceptions ? sql`jsonb_array_length(${timesheetDays.exceptions}) > 0` : undefined,
  )
}

/** A page of stored days in (pin, date) order after the key `after`. */
export async function readDays(
  db: Db | Tx,
  f: DayFilter,
  limit: number,
  after?: { pin: string; date: string },
): Promise<StoredDay[]> {
  const rows = await db
    .select()
    .from(timesheetDays)
    .where(
      and(
        filterSql(f),
        after
          ? or(
              gt(timesheetDays.pin, after.pin),
              and(sql`${timesheetDays.pin} = ${after.pin}`, gt(timesheetDays.date, after.date)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(timesheetDays.pin), asc(timesheetDays.date))
    .limit(limit)
  return rows.map(storedDay)
}

/** Up to `limit` people with stored days in the range, after `afterPin`, in PIN order. */
export async function pinsWithDays(
  db: Db | Tx,
  f: DayFilter,
  limit: number,
  afterPin?: string,
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ pin: timesheetDays.pin })
    .from(timesheetDays)
    .where(and(filterSql(f), afterPin !== undefined ? gt(timesheetDays.pin, afterPin) : undefined))
    .orderBy(asc(timesheetDays.pin))
    .limit(limit)
  return rows.map((r) => r.pin)
}

/** Stored days changed after change number `afterSeq` (computed by `cutoff`), oldest change first. */
export async function daysChangedAfter(
  db: Db | Tx,
  afterSeq: number,
  cutoff: Date,
  limit: number,
): Promise<Array<StoredDay & { changeSeq: number }>> {
  const rows = await db
    .select()
    .from(timesheetDays)
    .where(and(gt(timesheetDays.changeSeq, afterSeq), lte(timesheetDays.computedAt, cutoff)))
    .orderBy(asc(timesheetDays.changeSeq))
    .limit(limit)
  return rows.map((r) => ({ ...storedDay(r), changeSeq: r.changeSeq }))
}

/** The newest change number ('0' when none), where the webhook deriver starts. */
export async function lastDayChange(db: Db | Tx): Promise<string> {
  const [row] = await db
    .select({ n: sql<string | null>`max(${timesheetDays.changeSeq})::text` })
    .from(timesheetDays)
  return row?.n ?? '0'
}
