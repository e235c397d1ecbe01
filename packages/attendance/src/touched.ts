import { addDays } from './dates'
import { localDateOf } from './zone'

/**
 * The local dates whose records a punch at `at` may change: its local date and the dates either side (an overnight
 * shift's check-out belongs to the day before, an early shift's check-in window can open the evening before).
 * @example datesTouchedBy(Date.parse('2024-01-15T03:00:00Z'), 'UTC') // ['2024-01-14', '2024-01-15', '2024-01-16']
 */
export function datesTouchedBy(at: number, timeZone: string): readonly string[] {
  const date = localDateOf(at, timeZone)
  // Punches come in runs of one day: the last answer is reused (it is frozen, so no caller can change it).
  if (date === last.date) return last.dates
  last = { date, dates: Object.freeze([addDays(date, -1), date, addDays(date, 1)]) }
  return last.dates
}

let last: { date: string; dates: readonly string[] } = { date: '', dates: [] }
