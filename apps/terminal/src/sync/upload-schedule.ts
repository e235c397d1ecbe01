/** At most this many `TransTimes` entries count, as on ZKTeco firmware. */
const MAX_TRANS_TIMES = 10

/**
 * The valid `HH:MM` entries of a `TransTimes` option (`00:00;14:05`), sorted, duplicates dropped.
 * A malformed entry is skipped rather than failing the whole schedule.
 * @example parseTransTimes('14:05;00:00;25:00') // ['00:00', '14:05']
 */
export function parseTransTimes(raw: string | undefined): string[] {
  if (!raw) return []
  const times = raw
    .split(/[;,]/)
    .map((t) => t.trim())
    .filter((t) => /^([01]\d|2[0-3]):[0-5]\d$/.test(t))
  return [...new Set(times)].sort().slice(0, MAX_TRANS_TIMES)
}

/**
 * Whether a scheduled upload time fell after `since` and at or before `now` (device wall clock,
 * `YYYY-MM-DD HH:MM:SS`). Only the two days involved are looked at: a terminal that was off for a
 * week uploads once, not once per missed slot.
 * @example scheduledTimePassed(['14:05'], '2025-05-20 14:04:50', '2025-05-20 14:05:10') // true
 */
export function scheduledTimePassed(times: readonly string[], since: string, now: string): boolean {
  if (since >= now) return false
  const days = new Set([since.slice(0, 10), now.slice(0, 10)])
  for (const day of days) {
    for (const time of times) {
      const at = `${day} ${time}:00`
      if (at > since && at <= now) return true
    }
  }
  // More than a day apart: some slot surely passed in between.
  return times.length > 0 && since.slice(0, 10) < previousDay(now.slice(0, 10))
}

function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}
