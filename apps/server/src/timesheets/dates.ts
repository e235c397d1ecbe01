import { localDateOf } from '@webroster/attendance'

/** Local dates ('YYYY-MM-DD') as calendar arithmetic: a date is a day number, whatever the zone. */

const DAY_MS = 86_400_000

/** The date `n` days after `date` (before, for negative `n`). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

/** The local date of `at` in `zone` (the engine's, which keeps one formatter per zone). */
export function dateIn(at: Date, zone: string): string {
  return localDateOf(at.getTime(), zone)
}

/** Whether `text` is a real calendar date written 'YYYY-MM-DD'. */
export function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const d = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text
}

/** The first and last date of a month 'YYYY-MM'. */
export function monthRange(month: string): { from: string; to: string } {
  const from = `${month}-01`
  const [y, m] = month.split('-').map(Number) as [number, number]
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
  return { from, to: addDays(next, -1) }
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1
}

/** The earlier of two dates (text order is date order). */
export function earlier(a: string, b: string): string {
  return [a, b].sort()[0] as string
}

/** The later of two dates. */
export function later(a: string, b: string): string {
  return [a, b].sort()[1] as string
}
