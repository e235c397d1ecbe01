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
const ZERO = 48

/** The number of `count` ASCII digits of `text` from `at`, or -1 when one is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let n = 0
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - ZERO
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return n
}

/**
 * The exact `YYYY-MM-DD HH:MM:SS` shape read by character codes: every punch of an upload is read twice (parse
 * and zone), and the regular expression with its `Number` mapping took a tenth of the server's time per punch.
 */
function splitCanonical(text: string): WallClockParts | undefined {
  if (text.length !== 19 || text[4] !== '-' || text[7] !== '-' || text[10] !== ' ') return undefined
  if (text[13] !== ':' || text[16] !== ':') return undefined
  const year = digitsAt(text, 0, 4)
  const month = digitsAt(text, 5, 2)
  const day = digitsAt(text, 8, 2)
  const hour = digitsAt(text, 11, 2)
  const minute = digitsAt(text, 14, 2)
  const second = digitsAt(text, 17, 2)
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined
  return { year, month, day, hour, minute, second }
}

/**
 * The fields of `YYYY-MM-DD HH:MM:SS` (a `T` separator and fractional seconds accepted) by syntax alone: a
 * day 31 of any month passes, as zk-seconds can encode one.
 * @example splitWallClock('2024-02-31 07:32:00')?.day // 31
 */
export function splitWallClock(text: string): WallClockParts | undefined {
  let p = splitCanonical(text)
  if (!p) {
    const m = WALL_RE.exec(text.trim())
    if (!m) return undefined
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number)
    p = { year, month, day, hour, minute, second } as WallClockParts
  }
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31) return undefined
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return undefined
  return p
}

/** Days in a month of the proleptic Gregorian calendar (month 1-12). */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
}

/**
 * The fields of `YYYY-MM-DD HH:MM:SS` (a `T` separator and fractional seconds accepted), or undefined for anything
 * that is not a real calendar date and time.
 * @example parseWallClock('2024-02-29 07:32:00') // { year: 2024, month: 2, day: 29, hour: 7, minute: 32, second: 0 }
 */
export function parseWallClock(text: string): WallClockParts | undefined {
  const p = splitWallClock(text)
  if (!p || p.day > daysInMonth(p.year, p.month)) return undefined
  return p
}

/**
 * A wall-clock time as `YYYY-MM-DD HH:MM:SS` (a `T` separator accepted, fractional seconds dropped), or undefined
 * for anything that is not a real calendar date and time.
 * @example normaliseWallClock('2024-01-15T07:32:00.123456') // '2024-01-15 07:32:00'
 */
export function normaliseWallClock(text: string): string | undefined {
  const parts = parseWallClock(text)
  if (!parts) return undefined
  // A valid time already in the canonical shape is its own normal form: no second string is built.
  return text.length === 19 && text[10] === ' ' ? text : formatWallClock(parts)
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
