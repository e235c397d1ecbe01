import type { StoredDay } from './day-store'

/** A stored day as the API, the CSV and webhooks show it: instants as ISO text. */
export function publicDay(d: StoredDay) {
  return {
    pin: d.pin,
    date: d.date,
    shiftId: d.shiftId,
    status: d.status,
    firstIn: d.firstIn === null ? null : new Date(d.firstIn).toISOString(),
    lastOut: d.lastOut === null ? null : new Date(d.lastOut).toISOString(),
    workedMinutes: d.workedMinutes,
    breakMinutes: d.breakMinutes,
    lateMinutes: d.lateMinutes,
    earlyLeaveMinutes: d.earlyLeaveMinutes,
    overtimeMinutes: d.overtimeMinutes,
    punchIds: d.punchIds,
    exceptions: d.exceptions,
    revision: d.revision,
    computedAt: d.computedAt.toISOString(),
  }
}

export type PublicDay = ReturnType<typeof publicDay>

const CSV_COLUMNS = [
  'pin',
  'date',
  'shift_id',
  'status',
  'first_in',
  'last_out',
  'worked_minutes',
  'break_minutes',
  'late_minutes',
  'early_leave_minutes',
  'overtime_minutes',
  'exceptions',
] as const

/** The CSV header of a timesheet export. */
export function timesheetCsvHeader(): string[] {
  return [...CSV_COLUMNS]
}

/** One day as CSV cells, in the header's order (exceptions as their kinds, `;`-separated). */
export function timesheetCsvCells(d: StoredDay): Array<string | number | null> {
  return [
    d.pin,
    d.date,
    d.shiftId,
    d.status,
    d.firstIn === null ? null : new Date(d.firstIn).toISOString(),
    d.lastOut === null ? null : new Date(d.lastOut).toISOString(),
    d.workedMinutes,
    d.breakMinutes,
    d.lateMinutes,
    d.earlyLeaveMinutes,
    d.overtimeMinutes,
    d.exceptions.map((e) => e.kind).join(';'),
  ]
}
