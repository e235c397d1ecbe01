/**
 * One person's day records over a date range. Linear in punches + days: punches are sorted once and swept once
 * across the disjoint day windows. The windows of the day before and the day after the range are built too, so a
 * day's record depends only on its own and its neighbours' schedules and punches: any two ranges agree on the days
 * they share.
 */
import { addDays, datesFromTo } from './dates'
import { scheduledDay, unscheduledDay } from './day'
import type { DayException, DayRecord, EnginePunch, PersonDaysInput, Shift } from './model'
import { dedupePunches, sortPunches } from './punches'
import { resolveDay } from './schedule'
import { assignToWindows, clipWindows, type DayWindow, rawWindow } from './windows'
import { localDateOf } from './zone'

/**
 * One record per date in [from, to] for a person, from their punches and the schedules, shifts and holidays.
 * @example computePersonDays({ pin: '7', groups: [], timeZone: 'UTC', from: '2024-01-01', to: '2024-01-31', punches: [], shifts: [], schedules: [], holidays: [] }).length // 31
 */
export function computePersonDays(input: PersonDaysInput): DayRecord[] {
  const { pin, groups, timeZone, from, to } = input
  if (to < from) return []
  const shifts = new Map<number, Shift>(input.shifts.map((s) => [s.id, s]))
  const dates = datesFromTo(addDays(from, -1), addDays(to, 1))
  const holidayDates = new Set<string>()
  const raw: DayWindow[] = dates.map((date) => {
    const resolved = resolveDay(date, pin, groups, input.schedules, input.holidays)
    if (resolved.holiday !== null) holidayDates.add(date)
    const shift =
      resolved.holiday === null && resolved.shiftId !== null
        ? (shifts.get(resolved.shiftId) ?? null)
        : null
    return rawWindow(date, shift, timeZone)
  })
  const windows = clipWindows(raw)
  const { inside, outside } = assignToWindows(sortPunches(input.punches), windows)

  const records: DayRecord[] = []
  const byDate = new Map<string, DayRecord>()
  for (let i = 1; i < windows.length - 1; i++) {
    const w = windows[i] as DayWindow
    const punches = dedupePunches(inside[i] ?? [])
    const record =
      w.shift !== null && w.times !== null
        ? scheduledDay(pin, w.date, punches, w.shift, w.times)
        : unscheduledDay(pin, w.date, punches, null, holidayDates.has(w.date))
    records.push(record)
    byDate.set(w.date, record)
  }
  attachOutside(dedupePunches(outside), byDate, timeZone)
  return records
}

/** Punches in no day's window are an exception on the record of their local date. */
function attachOutside(
  outside: readonly EnginePunch[],
  byDate: Map<string, DayRecord>,
  timeZone: string,
): void {
  for (const p of outside) {
    const record = byDate.get(localDateOf(p.at, timeZone))
    const exception: DayException = { kind: 'outside-shift', punchId: p.id, minutes: null }
    record?.exceptions.push(exception)
  }
}
