import type {
  Holiday,
  Schedule,
  SchedulePattern,
  ScheduleTarget,
  Shift,
} from '@webroster/attendance'
import { asc, eq } from 'drizzle-orm'
import { type Actor, actorName } from '../audit/actor'
import { recordAudit } from '../audit/audit-log'
import type { Db, Tx } from '../db'
import { holidays, periodLocks, schedules, shifts } from '../db/schema'
import { ConflictError, NotFoundError, ValidationError } from '../errors'
import { holdPartitionsLock } from '../punches'
import { isDate } from './dates'

/** A shift as created or replaced: every rule but the id. */
export type ShiftInput = Omit<Shift, 'id'>
export type ScheduleInput = Omit<Schedule, 'id'>
export interface HolidayInput {
  date: string
  name: string
  recurring: boolean
}
export interface StoredHoliday extends Holiday {
  id: number
}
export interface PeriodLock {
  id: number
  from: string
  to: string
  lockedBy: string
  lockedAt: string
  note: string | null
}

type ShiftRow = typeof shifts.$inferSelect
type ScheduleRow = typeof schedules.$inferSelect

function shiftOf(r: ShiftRow): Shift {
  return { ...(r.rules as unknown as ShiftInput), id: r.id, name: r.name }
}

function targetOf(r: ScheduleRow): ScheduleTarget {
  if (r.targetKind === 'person') return { kind: 'person', pin: r.target }
  if (r.targetKind === 'group') return { kind: 'group', group: r.target }
  return { kind: 'everyone' }
}

function scheduleOf(r: ScheduleRow): Schedule {
  return {
    id: r.id,
    target: targetOf(r),
    from: r.from,
    until: r.until,
    pattern: r.pattern as unknown as SchedulePattern,
  }
}

function targetColumns(t: ScheduleTarget): { targetKind: ScheduleTarget['kind']; target: string } {
  if (t.kind === 'person') return { targetKind: 'person', target: t.pin }
  if (t.kind === 'group') return { targetKind: 'group', target: t.group }
  return { targetKind: 'everyone', target: '' }
}

function lockOf(r: typeof periodLocks.$inferSelect): PeriodLock {
  return { ...r, lockedAt: r.lockedAt.toISOString() }
}

function checkDate(name: string, value: string): void {
  if (!isDate(value)) throw new ValidationError(`"${name}" is not a date 'YYYY-MM-DD': ${value}`)
}

function checkTime(name: string, value: string): void {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) {
    throw new ValidationError(`"${name}" is not a time 'HH:MM': ${value}`)
  }
}

function checkShift(s: ShiftInput): void {
  checkTime('start', s.start)
  checkTime('end', s.end)
  if (s.halfDayMinutes > s.fullDayMinutes) {
    throw new ValidationError('"halfDayMinutes" must not exceed "fullDayMinutes"')
  }
}

async function checkSchedule(db: Db | Tx, s: ScheduleInput): Promise<void> {
  checkDate('from', s.from)
  if (s.until !== null) {
    checkDate('until', s.until)
    if (s.until < s.from) throw new ValidationError('"until" must not be before "from"')
  }
  const ids = s.pattern.kind === 'weekly' ? s.pattern.days : s.pattern.cycle
  if (s.pattern.kind === 'weekly' && ids.length !== 7) {
    throw new ValidationError('a weekly pattern has 7 days, Monday to Sunday')
  }
  if (s.pattern.kind === 'rotation') {
    checkDate('anchor', s.pattern.anchor)
    if (ids.length === 0) throw new ValidationError('a rotation needs at least one day')
  }
  const known = new Set((await db.select({ id: shifts.id }).from(shifts)).map((r) => r.id))
  const unknown = ids.find((id) => id !== null && !known.has(id))
  if (unknown !== undefined && unknown !== null)
    throw new ValidationError(`unknown shift ${unknown}`)
}

// Shifts

export async function listShifts(db: Db | Tx): Promise<Shift[]> {
  return (await db.select().from(shifts).orderBy(asc(shifts.id))).map(shiftOf)
}

export async function getShift(db: Db | Tx, id: number): Promise<Shift> {
  const [row] = await db.select().from(shifts).where(eq(shifts.id, id))
  if (!row) throw new NotFoundError(`shift ${id}`)
  return shiftOf(row)
}

export async function createShift(tx: Tx, input: ShiftInput, actor: Actor): Promise<Shift> {
  checkShift(input)
  const { name, ...rules } = input
  const [row] = await tx.insert(shifts).values({ name, rules }).returning()
  if (!row) throw new Error('insert returned no row')
  const shift = shiftOf(row)
  await recordAudit(tx, {
    actor,
    action: 'shift.create',
    entity: 'shift',
    entityId: row.id,
    after: shift,
  })
  return shift
}

export async function replaceShift(
  tx: Tx,
  id: number,
  input: ShiftInput,
  actor: Actor,
): Promise<{ before: Shift; after: Shift }> {
  checkShift(input)
  const before = await getShift(tx, id)
  const { name, ...rules } = input
  const [row] = await tx
    .update(shifts)
    .set({ name, rules, updatedAt: new Date() })
    .where(eq(shifts.id, id))
    .returning()
  if (!row) throw new NotFoundError(`shift ${id}`)
  const after = shiftOf(row)
  await recordAudit(tx, {
    actor,
    action: 'shift.update',
    entity: 'shift',
    entityId: id,
    before,
    after,
  })
  return { before, after }
}

export async function deleteShift(tx: Tx, id: number, actor: Actor): Promise<Shift> {
  const before = await getShift(tx, id)
  const users = (await listSchedules(tx)).filter((s) => shiftIdsOf(s).includes(id))
  if (users.length > 0) {
    throw new ConflictError(
      `shift ${id} is used by schedule ${users.map((s) => s.id).join(', ')}: change those first`,
    )
  }
  await tx.delete(shifts).where(eq(shifts.id, id))
  await recordAudit(tx, { actor, action: 'shift.delete', entity: 'shift', entityId: id, before })
  return before
}

/** The shift ids a schedule's pattern names. */
export function shiftIdsOf(s: Schedule): number[] {
  const ids = s.pattern.kind === 'weekly' ? s.pattern.days : s.pattern.cycle
  return ids.filter((id): id is number => id !== null)
}

// Schedules

export async function listSchedules(db: Db | Tx): Promise<Schedule[]> {
  return (await db.select().from(schedules).orderBy(asc(schedules.id))).map(scheduleOf)
}

export async function getSchedule(db: Db | Tx, id: number): Promise<Schedule> {
  const [row] = await db.select().from(schedules).where(eq(schedules.id, id))
  if (!row) throw new NotFoundError(`schedule ${id}`)
  return scheduleOf(row)
}

export async function createSchedule(
  tx: Tx,
  input: ScheduleInput,
  actor: Actor,
): Promise<Schedule> {
  await checkSchedule(tx, input)
  const [row] = await tx
    .insert(schedules)
    .values({
      ...targetColumns(input.target),
      from: input.from,
      until: input.until,
      pattern: input.pattern,
    })
    .returning()
  if (!row) throw new Error('insert returned no row')
  const schedule = scheduleOf(row)
  await recordAudit(tx, {
    actor,
    action: 'schedule.create',
    entity: 'schedule',
    entityId: row.id,
    after: schedule,
  })
  return schedule
}

export async function replaceSchedule(
  tx: Tx,
  id: number,
  input: ScheduleInput,
  actor: Actor,
): Promise<{ before: Schedule; after: Schedule }> {
  await checkSchedule(tx, input)
  const before = await getSchedule(tx, id)
  const [row] = await tx
    .update(schedules)
    .set({
      ...targetColumns(input.target),
      from: input.from,
      until: input.until,
      pattern: input.pattern,
      updatedAt: new Date(),
    })
    .where(eq(schedules.id, id))
    .returning()
  if (!row) throw new NotFoundError(`schedule ${id}`)
  const after = scheduleOf(row)
  await recordAudit(tx, {
    actor,
    action: 'schedule.update',
    entity: 'schedule',
    entityId: id,
    before,
    after,
  })
  return { before, after }
}

export async function deleteSchedule(tx: Tx, id: number, actor: Actor): Promise<Schedule> {
  const before = await getSchedule(tx, id)
  await tx.delete(schedules).where(eq(schedules.id, id))
  await recordAudit(tx, {
    actor,
    action: 'schedule.delete',
    entity: 'schedule',
    entityId: id,
    before,
  })
  return before
}

// Holidays (one site calendar)

export async function listHolidays(db: Db | Tx): Promise<StoredHoliday[]> {
  return db
    .select({
      id: holidays.id,
      date: holidays.date,
      name: holidays.name,
      recurring: holidays.recurring,
    })
    .from(holidays)
    .orderBy(asc(holidays.date))
}

export async function createHoliday(
  tx: Tx,
  input: HolidayInput,
  actor: Actor,
): Promise<StoredHoliday> {
  checkDate('date', input.date)
  const [row] = await tx.insert(holidays).values(input).onConflictDoNothing().returning()
  if (!row) throw new ConflictError(`${input.date} is a holiday already`)
  const holiday = { id: row.id, date: row.date, name: row.name, recurring: row.recurring }
  await recordAudit(tx, {
    actor,
    action: 'holiday.create',
    entity: 'holiday',
    entityId: row.id,
    after: holiday,
  })
  return holiday
}

export async function deleteHoliday(tx: Tx, id: number, actor: Actor): Promise<StoredHoliday> {
  const [row] = await tx.delete(holidays).where(eq(holidays.id, id)).returning()
  if (!row) throw new NotFoundError(`holiday ${id}`)
  const before = { id: row.id, date: row.date, name: row.name, recurring: row.recurring }
  await recordAudit(tx, {
    actor,
    action: 'holiday.delete',
    entity: 'holiday',
    entityId: id,
    before,
  })
  return before
}

// Period locks

export async function listLocks(db: Db | Tx): Promise<PeriodLock[]> {
  return (await db.select().from(periodLocks).orderBy(asc(periodLocks.from))).map(lockOf)
}

export async function createLock(
  tx: Tx,
  input: { from: string; to: string; note?: string },
  actor: Actor,
): Promise<PeriodLock> {
  checkDate('from', input.from)
  checkDate('to', input.to)
  if (input.to < input.from) throw new ValidationError('"to" must not be before "from"')
  // Retention drops punch months under the same lock, after asking which months locks cover.
  await holdPartitionsLock(tx)
  const [row] = await tx
    .insert(periodLocks)
    .values({
      from: input.from,
      to: input.to,
      lockedBy: actorName(actor),
      note: input.note ?? null,
    })
    .returning()
  if (!row) throw new Error('insert returned no row')
  const lock = lockOf(row)
  await recordAudit(tx, {
    actor,
    action: 'period.lock',
    entity: 'period-lock',
    entityId: row.id,
    after: lock,
  })
  return lock
}

export async function deleteLock(tx: Tx, id: number, actor: Actor): Promise<PeriodLock> {
  const [row] = await tx.delete(periodLocks).where(eq(periodLocks.id, id)).returning()
  if (!row) throw new NotFoundError(`period lock ${id}`)
  const before = lockOf(row)
  await recordAudit(tx, {
    actor,
    action: 'period.unlock',
    entity: 'period-lock',
    entityId: id,
    before,
  })
  return before
}

/** The lock covering `date`, if any. */
export async function lockOn(db: Db | Tx, date: string): Promise<PeriodLock | undefined> {
  return (await listLocks(db)).find((l) => l.from <= date && date <= l.to)
}
