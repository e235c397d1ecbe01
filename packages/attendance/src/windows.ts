/**
 * The attendance day as instants: a scheduled day runs from its check-in opening to its check-out closing (an
 * overnight shift's into the next date); any other day is its local date. Where neighbouring days overlap, a
 * scheduled day keeps its window against an unscheduled one, and two scheduled days split the overlap in the middle,
 * so every instant belongs to at most one day.
 */
import { addDays } from './dates'
import type { Shift } from './model'
import { localDayBounds, localInstant } from './zone'

const MINUTE_MS = 60_000

/** The instants of one scheduled shift on one date. */
export interface ShiftTimes {
  start: number
  end: number
  checkInFrom: number
  checkInTo: number
  checkOutFrom: number
  checkOutTo: number
}

/** A date's window [lo, hi) and the shift that applies on it (null: not scheduled). */
export interface DayWindow {
  date: string
  shift: Shift | null
  times: ShiftTimes | null
  lo: number
  hi: number
}

/**
 * The instants of `shift` on `date` in `timeZone`; an end at or before the start is on the next date.
 * @example shiftTimes('2024-01-01', { ...shift, start: '22:00', end: '06:00' }, 'UTC').end // Date.parse('2024-01-02T06:00:00Z')
 */
export function shiftTimes(date: string, shift: Shift, timeZone: string): ShiftTimes {
  const start = localInstant(date, shift.start, timeZone)
  const endDate = shift.end <= shift.start ? addDays(date, 1) : date
  const end = localInstant(endDate, shift.end, timeZone)
  return {
    start,
    end,
    checkInFrom: start - shift.checkInOpensBefore * MINUTE_MS,
    checkInTo: start + shift.checkInClosesAfter * MINUTE_MS,
    checkOutFrom: end - shift.checkOutOpensBefore * MINUTE_MS,
    checkOutTo: end + shift.checkOutClosesAfter * MINUTE_MS,
  }
}

/**
 * The unclipped window of a date: the shift's windows (both ends inclusive), or the whole local date.
 * @example rawWindow('2024-01-01', null, 'UTC') // { date: '2024-01-01', shift: null, times: null, lo: Date.parse('2024-01-01'), hi: Date.parse('2024-01-02') }
 */
export function rawWindow(date: string, shift: Shift | null, timeZone: string): DayWindow {
  if (shift === null) {
    const { start, end } = localDayBounds(date, timeZone)
    return { date, shift, times: null, lo: start, hi: end }
  }
  const times = shiftTimes(date, shift, timeZone)
  const lo = Math.min(times.checkInFrom, times.checkOutFrom)
  const hi = Math.max(times.checkInTo, times.checkOutTo) + 1
  return { date, shift, times, lo, hi }
}

/**
 * Windows of consecutive dates made disjoint (see the file's note); each clipped window depends only on its own
 * date and its two neighbours.
 * @example clipWindows([rawWindow('2024-01-05', night, 'UTC'), rawWindow('2024-01-06', null, 'UTC')])[1]?.lo // Friday night's check-out close + 1 ms
 */
export function clipWindows(raw: readonly DayWindow[]): DayWindow[] {
  const out = raw.map((w) => ({ ...w }))
  for (let i = 0; i + 1 < raw.length; i++) {
    const a = raw[i] as DayWindow
    const b = raw[i + 1] as DayWindow
    if (a.hi <= b.lo) continue
    let cut: number
    if (a.shift !== null && b.shift !== null) cut = Math.floor((a.hi + b.lo) / 2)
    else if (a.shift !== null) cut = a.hi
    else cut = b.lo
    const left = out[i] as DayWindow
    const right = out[i + 1] as DayWindow
    left.hi = Math.min(left.hi, cut)
    right.lo = Math.max(right.lo, cut)
  }
  return out
}

/**
 * Sorted punches split among disjoint sorted windows in one pass; those in no window are `outside`.
 * @example assignToWindows([{ id: 1, at: 5, direction: 'in' }], [{ lo: 0, hi: 10 }]).inside // [[{ id: 1, at: 5, direction: 'in' }]]
 */
export function assignToWindows<P extends { at: number }>(
  sorted: readonly P[],
  windows: readonly { lo: number; hi: number }[],
): { inside: P[][]; outside: P[] } {
  const inside: P[][] = windows.map(() => [])
  const outside: P[] = []
  let w = 0
  for (const p of sorted) {
    while (w < windows.length && (windows[w] as { hi: number }).hi <= p.at) w++
    const window = windows[w]
    if (window !== undefined && window.lo <= p.at && window.lo < window.hi) inside[w]?.push(p)
    else outside.push(p)
  }
  return { inside, outside }
}
