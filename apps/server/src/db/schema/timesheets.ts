import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'

/** The shift rules a schedule points at; the columns are the engine's `Shift` fields beside id and name. */
export const shifts = pgTable('shifts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  /** The engine's rule fields (start, end, windows, grace, break, minimum hours, pairing, overtime) */
  rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

export type ScheduleTargetKind = 'person' | 'group' | 'everyone'

/** Who works which shift on which day: a weekly or rotating pattern for a person, a group or everyone. */
export const schedules = pgTable(
  'schedules',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    targetKind: text('target_kind').$type<ScheduleTargetKind>().notNull(),
    /** The PIN or the group id (as text); empty for everyone */
    target: text('target').notNull().default(''),
    from: date('from').notNull(),
    /** Last day, inclusive; null: open */
    until: date('until'),
    /** The engine's `SchedulePattern` */
    pattern: jsonb('pattern').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('schedules_target_idx').on(t.targetKind, t.target)],
)

/** The site calendar's holidays: one-off dates, or a month and day that recur every year. */
export const holidays = pgTable(
  'holidays',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    date: date('date').notNull(),
    name: text('name').notNull(),
    recurring: boolean('recurring').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('holidays_date_idx').on(t.date)],
)

/** Closed payroll periods: their days never change, and punches dated in them cannot be corrected. */
export const periodLocks = pgTable('period_locks', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  from: date('from').notNull(),
  to: date('to').notNull(),
  lockedBy: text('locked_by').notNull(),
  lockedAt: timestamp('locked_at', { withTimezone: true }).notNull().defaultNow(),
  note: text('note'),
})

/**
 * Numbers each change of a stored day, so the webhook deriver follows changes with one cursor: a re-computation
 * that changes nothing takes no number.
 */
export const timesheetDayChangeSeq = pgSequence('timesheet_day_change_seq')

/** One stored day record per person and date, as the engine computed it. */
export const timesheetDays = pgTable(
  'timesheet_days',
  {
    pin: text('pin').notNull(),
    date: date('date').notNull(),
    shiftId: bigint('shift_id', { mode: 'number' }),
    status: text('status').notNull(),
    firstIn: timestamp('first_in', { withTimezone: true }),
    lastOut: timestamp('last_out', { withTimezone: true }),
    workedMinutes: integer('worked_minutes').notNull(),
    breakMinutes: integer('break_minutes').notNull(),
    lateMinutes: integer('late_minutes').notNull(),
    earlyLeaveMinutes: integer('early_leave_minutes').notNull(),
    overtimeMinutes: integer('overtime_minutes').notNull(),
    punchIds: jsonb('punch_ids').$type<number[]>().notNull(),
    exceptions: jsonb('exceptions').$type<Array<Record<string, unknown>>>().notNull(),
    /** Hash of the record's fields: an equal hash means nothing changed, so nothing is written or announced */
    hash: text('hash').notNull(),
    /** How many times the record changed */
    revision: integer('revision').notNull().default(1),
    changeSeq: bigint('change_seq', { mode: 'number' })
      .notNull()
      .default(sql`nextval('timesheet_day_change_seq')`),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Every read is by person and date (the key's order); no second index for writes to keep up.
    primaryKey({ columns: [t.pin, t.date] }),
    index('timesheet_days_change_idx').on(t.changeSeq),
  ],
)

/**
 * Days waiting to be recomputed, as a date range per person (a month of everyone is one row per person, not one per
 * day). A row is unclaimed (`lease_until` null) or claimed by a worker until its lease ends. At most one unclaimed row
 * per person (partial unique index): queuing more days widens it, so one claim takes all of a person's waiting days
 * and two processes never compute one person at once; a punch arriving while a person is being computed makes a
 * fresh unclaimed row instead of being absorbed by the claimed one.
 */
export const timesheetQueue = pgTable(
  'timesheet_queue',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    pin: text('pin').notNull(),
    from: date('from').notNull(),
    to: date('to').notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    enqueuedAt: timestamp('enqueued_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('timesheet_queue_pending_idx').on(t.pin).where(sql`lease_until is null`),
    index('timesheet_queue_pin_idx').on(t.pin),
  ],
)
