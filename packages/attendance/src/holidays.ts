import type { Holiday } from './model'

/**
 * The holiday on `date`, if any: a one-off on that exact date, else a recurring one on the same MM-DD from its
 * first year on (a recurring 29 February falls only in leap years).
 * @example holidayOn('2027-12-25', [{ date: '2024-12-25', name: 'Christmas', recurring: true }])?.name // 'Christmas'
 */
export function holidayOn(date: string, holidays: readonly Holiday[]): Holiday | null {
  let recurring: Holiday | null = null
  const monthDay = date.slice(5)
  for (const h of holidays) {
    if (h.date === date) return h
    if (recurring === null && h.recurring && h.date.slice(5) === monthDay && h.date <= date)
      recurring = h
  }
  return recurring
}
