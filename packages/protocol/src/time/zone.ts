import { formatWallClock, parseWallClock, type WallClockParts, wallClockAsUtc } from './wall-clock'

/**
 * A zone: an IANA name (`Asia/Kolkata`, DST aware) or a fixed offset in minutes east of UTC (all a terminal knows
 * when its only source is the server's `TimeZone` option).
 */
export type Zone = string | { offsetMinutes: number }

// Building a DateTimeFormat costs far more than using one; zones are few, so keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(zone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(zone)
  if (fmt) return fmt
  fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
  formatters.set(zone, fmt)
  return fmt
}

/**
 * Whether the runtime knows `zone` as an IANA time zone (`Europe/Madrid`, `UTC`).
 * @example isTimeZone('Asia/Kolkata') // true
 */
export function isTimeZone(zone: string): boolean {
  if (zone === '') return false
  try {
    formatterFor(zone)
    return true
  } catch {
    return false
  }
}

function partsInNamedZone(instant: Date, zone: string): WallClockParts {
  const parts = formatterFor(zone).formatToParts(instant)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? Number.NaN)
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  }
}

/**
 * Offset of the zone from UTC at the instant, in minutes east (DST aware for IANA names).
 * @example offsetMinutesAt('Asia/Kolkata', new Date('2024-01-01T00:00:00Z')) // 330
 */
export function offsetMinutesAt(zone: Zone, instant: Date): number {
  if (typeof zone !== 'string') return zone.offsetMinutes
  const whole = Math.floor(instant.getTime() / 1000) * 1000
  return Math.round((wallClockAsUtc(partsInNamedZone(instant, zone)) - whole) / 60000)
}

/**
 * An offset in minutes east of UTC as `±HHMM`.
 * @example formatUtcOffset(330) // '+0530'
 */
export function formatUtcOffset(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes)
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`
  return `${offsetMinutes < 0 ? '-' : '+'}${hhmm}`
}

/**
 * The wall-clock fields of an instant in a zone.
 * @example wallClockPartsFromInstant(new Date('2025-01-01T00:30:00Z'), { offsetMinutes: -300 }).hour // 19
 */
export function wallClockPartsFromInstant(instant: Date, zone: Zone): WallClockParts {
  if (typeof zone === 'string') return partsInNamedZone(instant, zone)
  // A fixed offset is UTC shifted by that offset.
  return partsInNamedZone(new Date(instant.getTime() + zone.offsetMinutes * 60_000), 'UTC')
}

/**
 * The wall clock of an instant in a zone, `YYYY-MM-DD HH:MM:SS`.
 * @example wallClockFromInstant(new Date('2024-01-15T02:02:00Z'), 'Asia/Kolkata') // '2024-01-15 07:32:00'
 */
export function wallClockFromInstant(instant: Date, zone: Zone): string {
  return formatWallClock(wallClockPartsFromInstant(instant, zone))
}

/**
 * The instant a wall-clock time means in a zone. Like Temporal's 'compatible' rule, an ambiguous time (DST
 * fall-back) resolves to the earlier instant and a skipped time (spring-forward gap) moves forward by the gap.
 * Throws RangeError for a malformed time.
 * @example instantFromWallClock('2024-01-15 07:32:00', 'Asia/Kolkata').toISOString() // '2024-01-15T02:02:00.000Z'
 */
export function instantFromWallClock(wallClock: string, zone: Zone): Date {
  const parts = parseWallClock(wallClock)
  if (parts === undefined) throw new RangeError(`not a wall-clock time: ${wallClock}`)
  const asUtc = wallClockAsUtc(parts)
  if (typeof zone !== 'string') return new Date(asUtc - zone.offsetMinutes * 60_000)
  const norm = formatWallClock(parts)
  const day = 86_400_000
  const before = offsetMinutesAt(zone, new Date(asUtc - day))
  const after = offsetMinutesAt(zone, new Date(asUtc + day))
  const candidates = [...new Set([before, after, offsetMinutesAt(zone, new Date(asUtc))])]
    .map((o) => asUtc - o * 60000)
    .filter((t) => wallClockFromInstant(new Date(t), zone) === norm)
    .sort((a, b) => a - b)
  const first = candidates[0]
  if (first !== undefined) return new Date(first)
  // In a gap: read the wall time with the offset in force before the transition.
  return new Date(asUtc - before * 60000)
}
