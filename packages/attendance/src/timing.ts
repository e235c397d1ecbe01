/**
 * Late arrival, early leave and overtime against the shift's start and end. Late and early count whole started
 * minutes from the start or end once the grace is exceeded (a punch exactly on the grace boundary is on time);
 * overtime counts whole minutes and only once it reaches the shift's minimum.
 */
import type { Shift } from './model'
import type { ShiftTimes } from './windows'

const MINUTE_MS = 60_000

/**
 * Minutes late for a check-in at `at`: 0 within the grace, else minutes since the start.
 * @example lateMinutes(Date.parse('2024-01-01T09:06:00Z'), Date.parse('2024-01-01T09:00:00Z'), 5) // 6
 */
export function lateMinutes(at: number, start: number, graceMinutes: number): number {
  if (at <= start + graceMinutes * MINUTE_MS) return 0
  return Math.ceil((at - start) / MINUTE_MS)
}

/**
 * Minutes left early for a check-out at `at`: 0 within the grace, else minutes before the end.
 * @example earlyLeaveMinutes(Date.parse('2024-01-01T16:50:00Z'), Date.parse('2024-01-01T17:00:00Z'), 5) // 10
 */
export function earlyLeaveMinutes(at: number, end: number, graceMinutes: number): number {
  if (at >= end - graceMinutes * MINUTE_MS) return 0
  return Math.ceil((end - at) / MINUTE_MS)
}

/**
 * Overtime minutes of a day worked from `checkIn` to `checkOut`: after the end, and before the start when the shift
 * says so; none below the minimum, never more than was worked.
 * @example overtimeMinutes({ ...shift, overtimeAfterEnd: true, minimumOvertimeMinutes: 30 }, times, times.start, times.end + 3_600_000, 480) // 60
 */
export function overtimeMinutes(
  shift: Shift,
  times: ShiftTimes,
  checkIn: number,
  checkOut: number,
  workedMinutes: number,
): number {
  const afterMs = shift.overtimeAfterEnd ? Math.max(0, checkOut - Math.max(times.end, checkIn)) : 0
  const beforeMs = shift.overtimeBeforeStart
    ? Math.max(0, Math.min(times.start, checkOut) - checkIn)
    : 0
  const minutes = Math.floor((afterMs + beforeMs) / MINUTE_MS)
  if (minutes < shift.minimumOvertimeMinutes || minutes === 0) return 0
  return Math.min(minutes, workedMinutes)
}
