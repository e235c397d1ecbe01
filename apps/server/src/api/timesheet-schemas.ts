import { t } from 'elysia'

/** Request and response shapes of /api/timesheets: the engine's vocabulary as JSON Schema. */

const minutes = (description: string) => t.Integer({ minimum: 0, maximum: 10_080, description })
const wallTime = (description: string) =>
  t.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description })
export const dateText = (description = "'YYYY-MM-DD'") =>
  t.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description })

export const shiftBody = t.Object(
  {
    name: t.String({ minLength: 1, maxLength: 100 }),
    start: wallTime("'HH:MM'"),
    end: wallTime("'HH:MM'; at or before start: the shift ends the next day (overnight)"),
    checkInOpensBefore: minutes('minutes before start from which a check-in counts'),
    checkInClosesAfter: minutes('minutes after start until which a punch can be the check-in'),
    checkOutOpensBefore: minutes('minutes before end from which a check-out counts'),
    checkOutClosesAfter: minutes('minutes after end until which a check-out counts'),
    graceLateMinutes: minutes('late arrival within this is not late'),
    graceEarlyMinutes: minutes('early leave within this is not early'),
    breakRule: t.Union([
      t.Object({ kind: t.Literal('fixed'), minutes: minutes('unpaid break') }),
      t.Object({ kind: t.Literal('pairs') }),
    ]),
    fullDayMinutes: minutes('worked at least this: a full day'),
    halfDayMinutes: minutes('worked at least this (less than a full day): a half day'),
    pairing: t.Union([t.Literal('first-last'), t.Literal('pairs')]),
    overtimeAfterEnd: t.Boolean(),
    overtimeBeforeStart: t.Boolean(),
    minimumOvertimeMinutes: minutes('overtime below this counts as none'),
  },
  { additionalProperties: false },
)

export const shiftView = t.Composite([t.Object({ id: t.Number() }), shiftBody])

const shiftRef = t.Union([t.Integer({ minimum: 1 }), t.Null()])

export const scheduleTarget = t.Union([
  t.Object({ kind: t.Literal('person'), pin: t.String({ minLength: 1, maxLength: 24 }) }),
  t.Object({
    kind: t.Literal('group'),
    group: t.String({ pattern: '^[0-9]+$', description: 'the group id' }),
  }),
  t.Object({ kind: t.Literal('everyone') }),
])

export const scheduleBody = t.Object(
  {
    target: scheduleTarget,
    from: dateText('first day it applies'),
    until: t.Union([dateText('last day it applies (inclusive)'), t.Null()]),
    pattern: t.Union([
      t.Object({
        kind: t.Literal('weekly'),
        days: t.Array(shiftRef, {
          minItems: 7,
          maxItems: 7,
          description: 'Monday to Sunday: a shift id or null (day off)',
        }),
      }),
      t.Object({
        kind: t.Literal('rotation'),
        anchor: dateText('the day that is the first of the cycle'),
        cycle: t.Array(shiftRef, { minItems: 1, maxItems: 366 }),
      }),
    ]),
  },
  { additionalProperties: false },
)

export const scheduleView = t.Composite([t.Object({ id: t.Number() }), scheduleBody])

export const holidayBody = t.Object(
  {
    date: dateText(),
    name: t.String({ minLength: 1, maxLength: 100 }),
    recurring: t.Boolean({ default: false, description: 'the same month and day every year' }),
  },
  { additionalProperties: false },
)

export const holidayView = t.Object({
  id: t.Number(),
  date: t.String(),
  name: t.String(),
  recurring: t.Boolean(),
})

export const lockBody = t.Object(
  {
    from: dateText(),
    to: dateText('last day, inclusive'),
    note: t.Optional(t.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
)

export const lockView = t.Object({
  id: t.Number(),
  from: t.String(),
  to: t.String(),
  lockedBy: t.String(),
  lockedAt: t.String(),
  note: t.Union([t.String(), t.Null()]),
})

const exception = t.Object({
  kind: t.String(),
  punchId: t.Union([t.Number(), t.Null()]),
  minutes: t.Union([t.Number(), t.Null()]),
})

const instant = t.Union([t.String({ description: 'ISO instant' }), t.Null()])

export const dayView = t.Object({
  pin: t.String(),
  date: t.String(),
  shiftId: t.Union([t.Number(), t.Null()]),
  status: t.String(),
  firstIn: instant,
  lastOut: instant,
  workedMinutes: t.Number(),
  breakMinutes: t.Number(),
  lateMinutes: t.Number(),
  earlyLeaveMinutes: t.Number(),
  overtimeMinutes: t.Number(),
  punchIds: t.Array(t.Number()),
  exceptions: t.Array(exception),
  revision: t.Number(),
  computedAt: t.String(),
})

export const dayPage = t.Object({
  items: t.Array(dayView),
  nextCursor: t.Union([t.String(), t.Null()]),
})

export const exceptionView = t.Object({
  pin: t.String(),
  date: t.String(),
  shiftId: t.Union([t.Number(), t.Null()]),
  status: t.String(),
  kind: t.String(),
  punchId: t.Union([t.Number(), t.Null()]),
  minutes: t.Union([t.Number(), t.Null()]),
})

export const exceptionPage = t.Object({
  items: t.Array(exceptionView),
  nextCursor: t.Union([t.String(), t.Null()]),
})

export const summaryView = t.Object({
  pin: t.String(),
  month: t.String(),
  daysPresent: t.Number(),
  daysAbsent: t.Number(),
  halfDays: t.Number(),
  lateCount: t.Number(),
  lateMinutes: t.Number(),
  earlyLeaveCount: t.Number(),
  earlyLeaveMinutes: t.Number(),
  overtimeMinutes: t.Number(),
  workedMinutes: t.Number(),
  daysOff: t.Number(),
  holidays: t.Number(),
  exceptions: t.Number(),
})

export const summaryPage = t.Object({
  items: t.Array(summaryView),
  nextCursor: t.Union([t.String(), t.Null()]),
})

/** Who and when a timesheet read covers. */
export const rangeQuery = {
  from: dateText('first date'),
  to: dateText('last date, inclusive'),
  pin: t.Optional(t.String({ minLength: 1, maxLength: 24 })),
  group: t.Optional(t.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'a group id' })),
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: t.Optional(t.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
}
