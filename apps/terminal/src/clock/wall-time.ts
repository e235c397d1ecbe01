import {
  deviceTimeToInstant,
  formatDeviceTime,
  isTimeZone,
  offsetMinutesAt,
  splitWallClock,
  type ZkTimeParts,
  type ZoneSpec,
} from '@webroster/protocol'

/**
 * A zone the terminal shows and stamps punches in: an IANA name (DST-aware), or a fixed UTC
 * offset in minutes when the only thing known is the server's `TimeZone` option. The protocol's
 * zone math takes IANA names only; this file adds the fixed-offset case on top of it.
 */
export type Zone = ZoneSpec

/** Wall-clock fields, e.g. for time-of-day punch rules. */
export type WallParts = ZkTimeParts

/** Whether the runtime knows `zone` as an IANA time zone. */
export const isValidTimeZone = isTimeZone

/** Minutes `zone` is ahead of UTC at `date`. */
export function zoneOffsetMinutes(date: Date, zone: Zone): number {
  return typeof zone === 'string' ? offsetMinutesAt(zone, date) : zone.offsetMinutes
}

/** `date` as a device-local 'YYYY-MM-DD HH:MM:SS' in `zone`. */
export function formatWallClock(date: Date, zone: Zone): string {
  if (typeof zone === 'string') return formatDeviceTime(date, zone)
  // A fixed offset is UTC shifted by that offset.
  return formatDeviceTime(new Date(date.getTime() + zone.offsetMinutes * 60_000), 'UTC')
}

/** The wall-clock fields of `date` in `zone`. */
export function wallParts(date: Date, zone: Zone): WallParts {
  // formatWallClock always yields a valid `YYYY-MM-DD HH:MM:SS`.
  return splitWallClock(formatWallClock(date, zone)) as WallParts
}

/**
 * The instant a device-local 'YYYY-MM-DD HH:MM:SS' names in `zone` (in a DST overlap the earlier
 * instant, in a gap moved forward by the gap). Throws RangeError for a malformed time.
 */
export function instantFromWall(wall: string, zone: Zone): Date {
  if (typeof zone === 'string') return deviceTimeToInstant(wall, zone)
  return new Date(deviceTimeToInstant(wall, 'UTC').getTime() - zone.offsetMinutes * 60_000)
}
