/**
 * Device time is a wall clock, `YYYY-MM-DD HH:MM:SS` with no zone: what a terminal shows, stamps on records and
 * is set to. This file owns its text; `zone.ts` turns it into instants.
 */

/** The fields of a wall-clock time (no zone). */
export interface WallClockParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?$/

/**
 * The fields of `YYYY-MM-DD HH:MM:SS` (a `T` separator and fractional seconds accepted) by syntax alone: a
 * day 31 of any month passes, as zk-seconds can encode one.
 * @example splitWallClock('2024-02-31 07:32:00')?.day // 31
 */
export function splitWallClock(text: string): WallClockParts | undefined {
  const m = WALL_RE.exec(text.trim())
  if (!m) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number)
  const p = { year, month, day, hour, minute, second } as WallClockParts
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31) return undefined
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return undefined
  return p
}

/**
 * The fields of `YYYY-MM-DD HH:MM:SS` (a `T` separator and fractional seconds accepted), or undefined for anything
 * that is not a real calendar date and time.
 * @example parseWallClock('2024-02-29 07:32:00') // { year: 2024, month: 2, day: 29, hour: 7, minute: 32, second: 0 }
 */
export function parseWallClock(text: string): WallClockParts | undefined {
  const p = splitWallClock(text)
  // Day 0 of the next month is the last day of this one (leap years included).
  if (!p || p.day > new Date(Date.UTC(p.year, p.month, 0)).getUTCDate()) return undefined
  return p
}

/**
 * A wall-clock time as `YYYY-MM-DD HH:MM:SS` (a `T` separator accepted, fractional seconds dropped), or undefined
 * for anything that is not a real calendar date and time.
 * @example normaliseWallClock('2024-01-15T07:32:00.123456') // '2024-01-15 07:32:00'
 */
export function normaliseWallClock(text: string): string | undefined {
  const parts = parseWallClock(text)
  return parts && formatWallClock(parts)
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/**
 * `YYYY-MM-DD HH:MM:SS` of wall-clock fields.
 * @example formatWallClock({ year: 2024, month: 1, day: 5, hour: 7, minute: 3, second: 9 }) // '2024-01-05 07:03:09'
 */
export function formatWallClock(p: WallClockParts): string {
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`
}

/**
 * Milliseconds of the wall-clock fields read as if they were UTC: the base of every zone offset computation.
 * @example wallClockAsUtc({ year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 1 }) // 1000
 */
export function wallClockAsUtc(p: WallClockParts): number {
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
}
