/**
 * One day record from the punches assigned to the day: the scheduled case (pairing, timing, status and exceptions
 * by the shift's rules) and the unscheduled one (day off, holiday, no schedule: first to last punch, all overtime).
 */
import type { DayException, DayRecord, DayStatus, EnginePunch, Shift } from './model'
import { pairDay } from './pairing'
import { earlyLeaveMinutes, lateMinutes, overtimeMinutes } from './timing'
import type { ShiftTimes } from './windows'

const MINUTE_MS = 60_000

/**
 * Status of a scheduled day from its check-in, check-out and worked minutes.
 * @example scheduledStatus(true, true, 300, { ...shift, fullDayMinutes: 420, halfDayMinutes: 240 }) // 'half-day'
 */
export function scheduledStatus(
  hasIn: boolean,
  hasOut: boolean,
  workedMinutes: number,
  shift: Shift,
): DayStatus {
  if (!hasIn) return 'missing-check-in'
  if (!hasOut) return 'missing-check-out'
  if (workedMinutes >= shift.fullDayMinutes) return 'present'
  if (workedMinutes >= shift.halfDayMinutes) return 'half-day'
  return 'absent'
}

/**
 * The record of a scheduled day from its sorted, deduplicated punches.
 * @example scheduledDay('7', '2024-01-01', [], shift, shiftTimes('2024-01-01', shift, 'UTC')).status // 'absent'
 */
export function scheduledDay(
  pin: string,
  date: string,
  punches: readonly EnginePunch[],
  shift: Shift,
  times: ShiftTimes,
): DayRecord {
  const punchIds = punches.map((p) => p.id).sort((a, b) => a - b)
  const base = { pin, date, shiftId: shift.id, punchIds }
  if (punches.length === 0) {
    return {
      ...base,
      status: 'absent',
      ...noTimes,
      exceptions: [{ kind: 'absent', punchId: null, minutes: null }],
    }
  }
  const { checkIn, checkOut, workedMs, breakMs } = pairDay(punches, shift, times)
  const workedMinutes = Math.floor(workedMs / MINUTE_MS)
  const late = checkIn === null ? 0 : lateMinutes(checkIn.at, times.start, shift.graceLateMinutes)
  const early =
    checkOut === null ? 0 : earlyLeaveMinutes(checkOut.at, times.end, shift.graceEarlyMinutes)
  const overtime =
    checkIn === null || checkOut === null
      ? 0
      : overtimeMinutes(shift, times, checkIn.at, checkOut.at, workedMinutes)
  const status = scheduledStatus(checkIn !== null, checkOut !== null, workedMinutes, shift)
  const exceptions: DayException[] = []
  if (checkIn === null) exceptions.push({ kind: 'missing-check-in', punchId: null, minutes: null })
  if (checkOut === null)
    exceptions.push({ kind: 'missing-check-out', punchId: null, minutes: null })
  if (late > 0)
    exceptions.push({ kind: 'late-arrival', punchId: checkIn?.id ?? null, minutes: late })
  if (early > 0) {
    exceptions.push({ kind: 'early-leave', punchId: checkOut?.id ?? null, minutes: early })
  }
  if (status === 'absent')
    exceptions.push({ kind: 'absent', punchId: null, minutes: workedMinutes })
  return {
    ...base,
    status,
    firstIn: checkIn?.at ?? null,
    lastOut: checkOut?.at ?? null,
    workedMinutes,
    breakMinutes: Math.floor(breakMs / MINUTE_MS),
    lateMinutes: late,
    earlyLeaveMinutes: early,
    overtimeMinutes: overtime,
    exceptions,
  }
}

/**
 * The record of a day with no shift: 'holiday' or 'day-off' without punches, else 'unscheduled-work' from the
 * first to the last punch, all of it overtime.
 * @example unscheduledDay('7', '2024-01-06', [], null, false).status // 'day-off'
 */
export function unscheduledDay(
  pin: string,
  date: string,
  punches: readonly EnginePunch[],
  shiftId: number | null,
  holiday: boolean,
): DayRecord {
  const punchIds = punches.map((p) => p.id).sort((a, b) => a - b)
  const base = { pin, date, shiftId, punchIds }
  const first = punches[0]
  const last = punches[punches.length - 1]
  if (first === undefined || last === undefined) {
    return { ...base, status: holiday ? 'holiday' : 'day-off', ...noTimes, exceptions: [] }
  }
  const workedMinutes = Math.floor((last.at - first.at) / MINUTE_MS)
  return {
    ...base,
    status: 'unscheduled-work',
    firstIn: first.at,
    lastOut: last === first ? null : last.at,
    workedMinutes,
    breakMinutes: 0,
    lateMinutes: 0,
    earlyLeaveMinutes: 0,
    overtimeMinutes: workedMinutes,
    exceptions: [{ kind: 'unscheduled-work', punchId: first.id, minutes: workedMinutes }],
  }
}

const noTimes = {
  firstIn: null,
  lastOut: null,
  workedMinutes: 0,
  breakMinutes: 0,
  lateMinutes: 0,
  earlyLeaveMinutes: 0,
  overtimeMinutes: 0,
} as const
