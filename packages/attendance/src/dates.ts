/**
 * Calendar dates ('YYYY-MM-DD') with no zone: a local date is a name for a day, and arithmetic on names is plain
 * day counting. Turning a local date into instants is `zone.ts`'s job.
 */

const DAY_MS = 86_400_000

/**
 * Days since 1970-01-01 of a 'YYYY-MM-DD' date.
 * @example dayNumber('1970-01-02') // 1
 */
export function dayNumber(date: string): number {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS)
}

/**
 * The 'YYYY-MM-DD' date of a day number.
 * @example dateOfDayNumber(1) // '1970-01-02'
 */
export function dateOfDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10)
}

/**
 * The date `days` days after `date` (negative: before).
 * @example addDays('2024-02-28', 1) // '2024-02-29'
 */
export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days)
}

/**
 * Whole days from `a` to `b` (negative when b is earlier).
 * @example daysBetween('2024-01-01', '2024-03-01') // 60
 */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a)
}

/**
 * Weekday of a date, Monday 0 .. Sunday 6 (the order of a weekly schedule).
 * @example weekdayIndex('2024-01-01') // 0
 */
export function weekdayIndex(date: string): number {
  // Day 0 (1970-01-01) was a Thursday, index 3.
  return (((dayNumber(date) + 3) % 7) + 7) % 7
}

/**
 * Every date from `from` to `to`, inclusive; empty when `to` is earlier.
 * @example datesFromTo('2024-02-28', '2024-03-01') // ['2024-02-28', '2024-02-29', '2024-03-01']
 */
export function datesFromTo(from: string, to: string): string[] {
  const first = dayNumber(from)
  const last = dayNumber(to)
  const out: string[] = []
  for (let n = first; n <= last; n++) out.push(dateOfDayNumber(n))
  return out
}
