/**
 * The engine's vocabulary, shared with the server's timesheets module. Instants are epoch milliseconds, dates are
 * 'YYYY-MM-DD' local dates in the person's site zone, wall times of day are 'HH:MM', durations whole minutes.
 */

/** 'in' from device states 0/2/4, 'out' from 1/3/5; 'unknown' for 255 or a fixed state (the server maps). */
export type PunchDirection = 'in' | 'out' | 'unknown'

/** One non-voided punch (or correction view) of a person. */
export interface EnginePunch {
  id: number
  at: number
  direction: PunchDirection
}

/** A shift type: its hours, the windows in which punches count, and its rules. */
export interface Shift {
  id: number
  name: string
  /** 'HH:MM' */
  start: string
  /** 'HH:MM'; end <= start means the shift ends the next calendar day (overnight). */
  end: string
  /** Minutes before start from which a check-in counts. */
  checkInOpensBefore: number
  /** Minutes after start until which a punch can still be the check-in. */
  checkInClosesAfter: number
  /** Minutes before end from which a check-out counts. */
  checkOutOpensBefore: number
  /** Minutes after end until which a check-out counts. */
  checkOutClosesAfter: number
  graceLateMinutes: number
  graceEarlyMinutes: number
  /** pairs: the gaps between out/in pairs are the break. */
  breakRule: { kind: 'fixed'; minutes: number } | { kind: 'pairs' }
  /** Worked >= this: full day. */
  fullDayMinutes: number
  /** Worked >= this (and < full): half day; less: absent. */
  halfDayMinutes: number
  pairing: 'first-last' | 'pairs'
  /** Time worked after end counts as overtime. */
  overtimeAfterEnd: boolean
  /** Time worked before start counts as overtime. */
  overtimeBeforeStart: boolean
  /** Overtime below this many minutes counts as none. */
  minimumOvertimeMinutes: number
}

/** Whom a schedule applies to; person is more specific than group, group than everyone. */
export type ScheduleTarget =
  | { kind: 'person'; pin: string }
  | { kind: 'group'; group: string }
  | { kind: 'everyone' }

/** Which shift applies on a date: by weekday, or by an N-day cycle. */
export type SchedulePattern =
  /** 7 entries Monday..Sunday: shift id or null (day off). */
  | { kind: 'weekly'; days: (number | null)[] }
  /** Day `anchor` is cycle[0]; N-day cycle. */
  | { kind: 'rotation'; anchor: string; cycle: (number | null)[] }

/** A pattern for a target over a date range. */
export interface Schedule {
  id: number
  target: ScheduleTarget
  /** First date it applies. */
  from: string
  /** Last date (inclusive) or open. */
  until: string | null
  pattern: SchedulePattern
}

/** A day off for everyone on the site's calendar; recurring: the same MM-DD every year. */
export interface Holiday {
  date: string
  name: string
  recurring: boolean
}

export type DayStatus =
  | 'present'
  | 'absent'
  | 'half-day'
  | 'day-off'
  | 'holiday'
  | 'missing-check-in'
  | 'missing-check-out'
  | 'unscheduled-work'

export type DayExceptionKind =
  | 'missing-check-in'
  | 'missing-check-out'
  | 'late-arrival'
  | 'early-leave'
  | 'outside-shift'
  | 'absent'
  | 'unscheduled-work'

/** One item an HR person works through. */
export interface DayException {
  kind: DayExceptionKind
  punchId: number | null
  minutes: number | null
}

/** A person's attendance on one local date. */
export interface DayRecord {
  pin: string
  date: string
  shiftId: number | null
  status: DayStatus
  /** Instant. */
  firstIn: number | null
  /** Instant. */
  lastOut: number | null
  workedMinutes: number
  breakMinutes: number
  lateMinutes: number
  earlyLeaveMinutes: number
  /** After end (and before start by rule), once it reaches the minimum. */
  overtimeMinutes: number
  /** The punches this day used, ascending. */
  punchIds: number[]
  exceptions: DayException[]
}

/** Everything the engine needs to compute one person's days. */
export interface PersonDaysInput {
  pin: string
  groups: string[]
  /** IANA zone of the person's site. */
  timeZone: string
  /** Inclusive date range to compute. */
  from: string
  to: string
  /** Every non-voided punch of the person from (from - 1 day) to (to + 2 days), any order. */
  punches: EnginePunch[]
  shifts: Shift[]
  /** All schedules that may apply (the engine picks the most specific per day). */
  schedules: Schedule[]
  holidays: Holiday[]
}

/** What applies on a date: the scheduled shift (null: day off or no schedule), the holiday, the schedule. */
export interface ResolvedDay {
  shiftId: number | null
  holiday: Holiday | null
  scheduleId: number | null
}

/** A person's totals for one month ('YYYY-MM'). */
export interface MonthSummary {
  pin: string
  month: string
  daysPresent: number
  daysAbsent: number
  halfDays: number
  lateCount: number
  lateMinutes: number
  earlyLeaveCount: number
  earlyLeaveMinutes: number
  overtimeMinutes: number
  workedMinutes: number
  daysOff: number
  holidays: number
  exceptions: number
}
