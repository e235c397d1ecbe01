import { formatWallClock, parseWallClock, type WallClockParts, wallClockAsUtc } from './wall-clock'

/** A zone: an IANA name (`Asia/Kolkata`) or a fixed offset in minutes east of UTC. */
export type ZoneSpec = string | { offsetMinutes: number }

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

function wallParts(instant: Date, zone: string): WallClockParts {
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
 * Offset of the zone from UTC at the instant, in minutes east (DST aware).
 * @example offsetMinutesAt('Asia/Kolkata', new Date('2024-01-01T00:00:00Z')) // 330
 */
export function offsetMinutesAt(zone: string, instant: Date): number {
  const whole = Math.floor(instant.getTime() / 1000) * 1000
  return Math.round((wallClockAsUtc(wallParts(instant, zone)) - whole) / 60000)
}

/**
 * The handshake `TimeZone` value: whole hours when the offset is a whole hour within ±11, otherwise minutes.
 * Throws RangeError for offsets of 12..60 minutes, which the option cannot express.
 * @example timeZoneOption('Asia/Kolkata', new Date()) // 330
 */
export function timeZoneOption(zone: ZoneSpec, at: Date): number {
  const offset = typeof zone === 'string' ? offsetMinutesAt(zone, at) : zone.offsetMinutes
  if (!Number.isInteger(offset)) throw new RangeError(`offset must be whole minutes: ${offset}`)
  if (offset % 60 === 0 && Math.abs(offset) < 12 * 60) return offset / 60
  if (Math.abs(offset) <= 60) throw new RangeError(`TimeZone cannot express ${offset} minutes`)
  return offset
}

/**
 * Offset in minutes from a `TimeZone` option value: |v| < 12 is hours, |v| > 60 is minutes; 12..60 throws RangeError.
 * @example parseTimeZoneOption(8) // 480
 */
export function parseTimeZoneOption(v: number): number {
  if (!Number.isInteger(v)) throw new RangeError(`TimeZone must be an integer: ${v}`)
  if (Math.abs(v) < 12) return v * 60 || 0
  if (Math.abs(v) > 60) return v
  throw new RangeError(`TimeZone ${v} is neither hours (|v| < 12) nor minutes (|v| > 60)`)
}

/**
 * The device wall clock for an instant in a zone, `YYYY-MM-DD HH:MM:SS`.
 * @example formatDeviceTime(new Date('2024-01-15T02:02:00Z'), 'Asia/Kolkata') // '2024-01-15 07:32:00'
 */
export function formatDeviceTime(instant: Date, zone: string): string {
  return formatWallClock(wallParts(instant, zone))
}

/**
 * The instant a device wall-clock time means in a zone. Like Temporal's 'compatible' rule, an ambiguous time (DST
 * fall-back) resolves to the earlier instant and a skipped time (spring-forward gap) moves forward by the gap.
 * Throws RangeError for a malformed time.
 * @example deviceTimeToInstant('2024-01-15 07:32:00', 'Asia/Kolkata').toISOString() // '2024-01-15T02:02:00.000Z'
 */
export function deviceTimeToInstant(local: string, zone: string): Date {
  const parts = parseWallClock(local)
  if (parts === undefined) throw new RangeError(`not a device time: ${local}`)
  const norm = formatWallClock(parts)
  const asUtc = wallClockAsUtc(parts)
  const day = 86_400_000
  const before = offsetMinutesAt(zone, new Date(asUtc - day))
  const after = offsetMinutesAt(zone, new Date(asUtc + day))
  const candidates = [...new Set([before, after, offsetMinutesAt(zone, new Date(asUtc))])]
    .map((o) => asUtc - o * 60000)
    .filter((t) => formatDeviceTime(new Date(t), zone) === norm)
    .sort((a, b) => a - b)
  const first = candidates[0]
  if (first !== undefined) return new Date(first)
  // In a gap: read the wall time with the offset in force before the transition.
  return new Date(asUtc - before * 60000)
}
