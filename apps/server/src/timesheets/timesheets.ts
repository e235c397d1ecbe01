import {
  datesTouchedBy,
  type MonthSummary,
  type Schedule,
  type ScheduleTarget,
  summarizeMonth,
} from '@webroster/attendance'
import type { Actor } from '../audit/actor'
import type { Db, Tx } from '../db'
import { zonesOfDevices } from '../devices'
import { ConflictError } from '../errors'
import { allPins, membersOfGroup } from '../people/group-membership'
import * as calendar from './calendar-store'
import { addDays, dateIn, earlier, later, monthRange } from './dates'
import { type DayFilter, pinsWithDays, readDays, type StoredDay } from './day-store'
import { enqueueRange, enqueueSpans, type PersonRange, widen } from './recompute-queue'

/** An edit recomputes at most this many days back: older days belong to closed periods in practice. */
export const RECOMPUTE_HORIZON_DAYS = 366

/** A punch that was stored, corrected or entered by hand: whose, at which terminal, when. */
export interface TouchedPunch {
  pin: string
  sn: string
  at: Date
  /** The terminal's zone, when the caller knows it (ingest read the punch in it); otherwise it is looked up */
  zone?: string
}

export interface TimesheetsDeps {
  db: Db
  defaultZone: string
  now: () => Date
}

/** Which people a read covers: one person, a group's members, or everyone. */
export interface PeopleFilter {
  pin?: string
  groupId?: number
}

/**
 * Shifts, schedules, holidays and period locks, the stored timesheets, and what keeps them current: every change
 * that can alter a day queues it for the background worker (never a day of a locked period).
 */
export class Timesheets {
  constructor(private readonly deps: TimesheetsDeps) {}

  private today(): string {
    return dateIn(this.deps.now(), this.deps.defaultZone)
  }

  /** Queues the days the engine says these punches may change, in the zone of the terminal each came from. */
  async punchesChanged(
    punches: readonly TouchedPunch[],
    db: Db | Tx = this.deps.db,
  ): Promise<void> {
    if (punches.length === 0) return
    const unknown = [...new Set(punches.flatMap((p) => (p.zone === undefined ? [p.sn] : [])))]
    const zones = await zonesOfDevices(db, unknown)
    // A person has one waiting row, from their earliest day to their latest: only that span is worth keeping.
    const spans = new Map<string, PersonRange>()
    const now = this.deps.now()
    const todayIn = new Map<string, string>()
    for (const p of punches) {
      const zone = p.zone ?? zones.get(p.sn) ?? this.deps.defaultZone
      // A day that has not begun is not computed: it would be stored as an absence. When it comes, its own
      // punches (or the day's close) queue it, and its computation reads the evening before anyway.
      let today = todayIn.get(zone)
      if (today === undefined) {
        today = dateIn(now, zone)
        todayIn.set(zone, today)
      }
      const dates = datesTouchedBy(p.at.getTime(), zone)
      const from = dates[0] as string
      if (from > today) continue
      let to = dates[dates.length - 1] as string
      if (to > today) to = today
      widen(spans, p.pin, from, to)
    }
    await enqueueSpans(db, [...spans.values()])
  }

  /**
   * The months among `months` (`YYYY-MM`) that a locked period covers on any day: punch retention keeps them.
   * Implements the punches module's `LockedPeriods`.
   */
  async lockedMonths(months: readonly string[], db: Db | Tx = this.deps.db): Promise<string[]> {
    const locks = await calendar.listLocks(db)
    return months.filter((m) => locks.some((l) => l.from <= `${m}-31` && l.to >= `${m}-01`))
  }

  /** Refuses (409) a change to punches dated in a locked period; `dates` are the punches' local dates. */
  async assertUnlocked(dates: readonly string[], db: Db | Tx = this.deps.db): Promise<void> {
    for (const date of new Set(dates)) {
      const lock = await calendar.lockOn(db, date)
      if (lock) {
        throw new ConflictError(
          `${date} is in the period ${lock.from} to ${lock.to}, locked by ${lock.lockedBy}: unlock it to change its punches`,
        )
      }
    }
  }

  private async pinsOf(target: ScheduleTarget, db: Db | Tx): Promise<string[]> {
    if (target.kind === 'person') return [target.pin]
    if (target.kind === 'group') return membersOfGroup(db, Number(target.group))
    return allPins(db)
  }

  /** Queues the days of `targets` from `from` to today (never beyond, never before the horizon). */
  private async recomputeFrom(
    tx: Tx,
    targets: readonly ScheduleTarget[],
    from: string,
  ): Promise<void> {
    const today = this.today()
    const start = later(from, addDays(today, -RECOMPUTE_HORIZON_DAYS))
    if (start > today) return
    const pins = new Set<string>()
    if (targets.some((t) => t.kind === 'everyone')) for (const p of await allPins(tx)) pins.add(p)
    else for (const t of targets) for (const p of await this.pinsOf(t, tx)) pins.add(p)
    await enqueueRange(tx, [...pins], start, today)
  }

  // Shifts

  listShifts() {
    return calendar.listShifts(this.deps.db)
  }

  getShift(id: number) {
    return calendar.getShift(this.deps.db, id)
  }

  createShift(input: calendar.ShiftInput, actor: Actor) {
    return this.deps.db.transaction((tx) => calendar.createShift(tx, input, actor))
  }

  /** Replaces a shift's rules; the days of every schedule using it are recomputed from its first day on. */
  replaceShift(id: number, input: calendar.ShiftInput, actor: Actor) {
    return this.deps.db.transaction(async (tx) => {
      const { after } = await calendar.replaceShift(tx, id, input, actor)
      const using = (await calendar.listSchedules(tx)).filter((s) =>
        calendar.shiftIdsOf(s).includes(id),
      )
      const from = using.map((s) => s.from).sort()[0]
      if (from !== undefined) {
        await this.recomputeFrom(
          tx,
          using.map((s) => s.target),
          from,
        )
      }
      return after
    })
  }

  deleteShift(id: number, actor: Actor) {
    return this.deps.db.transaction((tx) => calendar.deleteShift(tx, id, actor))
  }

  // Schedules

  listSchedules() {
    return calendar.listSchedules(this.deps.db)
  }

  getSchedule(id: number) {
    return calendar.getSchedule(this.deps.db, id)
  }

  createSchedule(input: calendar.ScheduleInput, actor: Actor): Promise<Schedule> {
    return this.deps.db.transaction(async (tx) => {
      const schedule = await calendar.createSchedule(tx, input, actor)
      await this.recomputeFrom(tx, [schedule.target], schedule.from)
      return schedule
    })
  }

  /** Replaces a schedule; its people's days (before and after) are recomputed from the earlier first day on. */
  replaceSchedule(id: number, input: calendar.ScheduleInput, actor: Actor): Promise<Schedule> {
    return this.deps.db.transaction(async (tx) => {
      const { before, after } = await calendar.replaceSchedule(tx, id, input, actor)
      const from = earlier(before.from, after.from)
      await this.recomputeFrom(tx, [before.target, after.target], from)
      return after
    })
  }

  deleteSchedule(id: number, actor: Actor): Promise<Schedule> {
    return this.deps.db.transaction(async (tx) => {
      const before = await calendar.deleteSchedule(tx, id, actor)
      await this.recomputeFrom(tx, [before.target], before.from)
      return before
    })
  }

  // Holidays

  listHolidays() {
    return calendar.listHolidays(this.deps.db)
  }

  /** The days a holiday falls on within the horizon: its date, or for a recurring one each year's. */
  private async recomputeHoliday(tx: Tx, h: calendar.HolidayInput): Promise<void> {
    const today = this.today()
    const dates = h.recurring
      ? [Number(today.slice(0, 4)) - 1, Number(today.slice(0, 4))].map(
          (y) => `${y}${h.date.slice(4)}`,
        )
      : [h.date]
    const pins = await allPins(tx)
    for (const date of dates) {
      if (date <= today && date >= addDays(today, -RECOMPUTE_HORIZON_DAYS)) {
        await enqueueRange(tx, pins, date, date)
      }
    }
  }

  createHoliday(input: calendar.HolidayInput, actor: Actor) {
    return this.deps.db.transaction(async (tx) => {
      const holiday = await calendar.createHoliday(tx, input, actor)
      await this.recomputeHoliday(tx, holiday)
      return holiday
    })
  }

  deleteHoliday(id: number, actor: Actor) {
    return this.deps.db.transaction(async (tx) => {
      const holiday = await calendar.deleteHoliday(tx, id, actor)
      await this.recomputeHoliday(tx, holiday)
      return holiday
    })
  }

  // Period locks

  listLocks() {
    return calendar.listLocks(this.deps.db)
  }

  createLock(input: { from: string; to: string; note?: string }, actor: Actor) {
    return this.deps.db.transaction((tx) => calendar.createLock(tx, input, actor))
  }

  /** Unlocks a period; its days are recomputed, since changes made while it was locked waited for it. */
  deleteLock(id: number, actor: Actor) {
    return this.deps.db.transaction(async (tx) => {
      const lock = await calendar.deleteLock(tx, id, actor)
      const today = this.today()
      const to = earlier(lock.to, today)
      const from = later(lock.from, addDays(today, -RECOMPUTE_HORIZON_DAYS))
      if (from <= to) await enqueueRange(tx, await allPins(tx), from, to)
      return lock
    })
  }

  // Reads

  private async pinFilter(f: PeopleFilter): Promise<readonly string[] | undefined> {
    if (f.pin !== undefined) return [f.pin]
    if (f.groupId !== undefined) return membersOfGroup(this.deps.db, f.groupId)
    return undefined
  }

  /** A page of stored days in (pin, date) order. */
  async days(
    f: PeopleFilter & { from: string; to: string; withExceptions?: boolean },
    limit: number,
    after?: { pin: string; date: string },
  ): Promise<StoredDay[]> {
    const pins = await this.pinFilter(f)
    const filter: DayFilter = {
      from: f.from,
      to: f.to,
      ...(pins ? { pins } : {}),
      ...(f.withExceptions ? { withExceptions: true } : {}),
    }
    return readDays(this.deps.db, filter, limit, after)
  }

  /** Every stored day of the filter, page by page (a keyset read each): memory stays flat for an export. */
  async *allDays(
    f: PeopleFilter & { from: string; to: string },
    pageSize: number,
  ): AsyncGenerator<StoredDay[]> {
    let after: { pin: string; date: string } | undefined
    for (;;) {
      const page = await this.days(f, pageSize, after)
      if (page.length > 0) yield page
      const last = page.at(-1)
      if (!last || page.length < pageSize) return
      after = { pin: last.pin, date: last.date }
    }
  }

  /** Month totals of up to `limit` people (PIN order, after `afterPin`) with stored days in the month. */
  async summary(
    month: string,
    f: PeopleFilter,
    limit: number,
    afterPin?: string,
  ): Promise<MonthSummary[]> {
    const { from, to } = monthRange(month)
    const pins = await this.pinFilter(f)
    const filter: DayFilter = { from, to, ...(pins ? { pins } : {}) }
    const chosen = await pinsWithDays(this.deps.db, filter, limit, afterPin)
    if (chosen.length === 0) return []
    const days = await readDays(this.deps.db, { from, to, pins: chosen }, chosen.length * 31)
    const byPin = new Map<string, StoredDay[]>()
    for (const d of days) {
      const list = byPin.get(d.pin) ?? []
      list.push(d)
      byPin.set(d.pin, list)
    }
    return chosen.map((pin) => summarizeMonth(pin, month, byPin.get(pin) ?? []))
  }
}
