import { formatServerTz, offsetMinutesAt } from '@webroster/protocol'

/** Reads a device wall-clock time in a zone (the ingest's memoised `ZoneClock`); throws for a malformed time. */
export interface WallClockReader {
  toInstant(local: string, zone: string): Date
}

/** Where a skew reading came from: the poll's `current_time` (exact) or a real-time punch (estimate). */
export type ClockSkewSource = 'device-time' | 'punch'

/** The telemetry fields a skew reading adds to a device (merged into `devices.telemetry`). */
export interface ClockSkewReading {
  /** Device clock minus server clock, whole seconds: positive means the device runs ahead */
  clockSkewSeconds: number
  /** When the reading was taken (server clock, ISO 8601) */
  clockSkewAt: string
  clockSkewSource: ClockSkewSource
  /** The zone the device's wall clock was read in: a reading is only meaningful against that zone */
  clockSkewZone: string
}

/**
 * A punch received more than this after the time the device stamped on it may have waited in the device's
 * offline buffer, so it says nothing about the clock (the old server flagged every buffered punch as skew).
 */
export const REALTIME_WINDOW_SECONDS = 60

/** How long an exact `current_time` reading wins over punch estimates. */
export const DEVICE_TIME_PREFERRED_MS = 10 * 60_000

function reading(
  skewMs: number,
  now: Date,
  source: ClockSkewSource,
  zone: string,
): ClockSkewReading {
  return {
    clockSkewSeconds: Math.round(skewMs / 1000),
    clockSkewAt: now.toISOString(),
    clockSkewSource: source,
    clockSkewZone: zone,
  }
}

/**
 * Skew from the wall clock a terminal reports on its poll (`current_time=YYYY-MM-DD HH:MM:SS`) read in the
 * device's zone; undefined when the value is not a device time.
 * @example skewFromDeviceTime(clock, '2025-02-01 10:05:00', 'Europe/Madrid', new Date('2025-02-01T09:00:00Z'))
 * // { clockSkewSeconds: 300, clockSkewAt: '2025-02-01T09:00:00.000Z', clockSkewSource: 'device-time', clockSkewZone: 'Europe/Madrid' }
 */
export function skewFromDeviceTime(
  clock: WallClockReader,
  deviceTime: string,
  zone: string,
  now: Date,
): ClockSkewReading | undefined {
  let at: Date
  try {
    at = clock.toInstant(deviceTime.trim(), zone)
  } catch {
    return undefined
  }
  return reading(at.getTime() - now.getTime(), now, 'device-time', zone)
}

/**
 * Skew estimated from the freshest punch of an upload received at `now`. Only a punch that reached us within
 * REALTIME_WINDOW_SECONDS of its own time counts, or one stamped in our future (a punch cannot arrive before it
 * is made, so that is the device running ahead): anything older may be an offline backlog. A device running
 * behind by more than the window is therefore only seen through `current_time`.
 * `zone` is the one the punches were read in.
 * @example skewFromPunches([new Date('2025-02-01T09:03:00Z')], new Date('2025-02-01T09:00:00Z'), 'UTC')
 * // { clockSkewSeconds: 180, clockSkewAt: '2025-02-01T09:00:00.000Z', clockSkewSource: 'punch', clockSkewZone: 'UTC' }
 */
export function skewFromPunches(
  punchedAt: readonly Date[],
  now: Date,
  zone: string,
): ClockSkewReading | undefined {
  if (punchedAt.length === 0) return undefined
  let freshest = Number.NEGATIVE_INFINITY
  for (const at of punchedAt) freshest = Math.max(freshest, at.getTime())
  const delay = now.getTime() - freshest
  if (delay > REALTIME_WINDOW_SECONDS * 1000) return undefined
  return reading(freshest - now.getTime(), now, 'punch', zone)
}

/** Whether telemetry holds an exact `current_time` reading recent enough to outrank a punch estimate. */
export function hasFreshDeviceTime(telemetry: Record<string, unknown>, now: Date): boolean {
  if (telemetry.clockSkewSource !== 'device-time') return false
  const at = Date.parse(String(telemetry.clockSkewAt))
  return !Number.isNaN(at) && now.getTime() - at < DEVICE_TIME_PREFERRED_MS
}

/** The skew stored in telemetry, if any. */
export function storedSkew(telemetry: Record<string, unknown>): number | null {
  const v = telemetry.clockSkewSeconds
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** Zones differ by whole quarter hours; a skew within this of one is taken for a zone, not a drift. */
export const ZONE_MISMATCH_TOLERANCE_SECONDS = 120
const QUARTER_HOUR_SECONDS = 900
/** The range of UTC offsets zones use, in minutes. */
const MIN_OFFSET = -12 * 60
const MAX_OFFSET = 14 * 60

/**
 * The UTC offset (minutes east) a device's wall clock seems to run at, when its skew read in `zone` is within
 * ZONE_MISMATCH_TOLERANCE_SECONDS of a non-zero number of quarter hours and lands on an offset zones use; else
 * undefined. Such a skew is a zone set differently on the device and on the server, not a clock to correct.
 * @example suggestedUtcOffset(-21_560, 'UTC', new Date('2025-07-01T12:00:00Z')) // -360
 */
export function suggestedUtcOffset(
  skewSeconds: number,
  zone: string,
  at: Date,
): number | undefined {
  const quarters = Math.round(skewSeconds / QUARTER_HOUR_SECONDS)
  if (quarters === 0) return undefined
  if (Math.abs(skewSeconds - quarters * QUARTER_HOUR_SECONDS) > ZONE_MISMATCH_TOLERANCE_SECONDS) {
    return undefined
  }
  const offset = offsetMinutesAt(zone, at) + quarters * 15
  return offset < MIN_OFFSET || offset > MAX_OFFSET ? undefined : offset
}

/** What is wrong with a device's time: its zone differs from the one it is read in, or its clock is off. */
export type TimeIssue = 'zone-mismatch' | 'clock-skew'

/** A device's time as the API shows it. */
export interface DeviceTimeStatus {
  /** Last measured device clock minus server clock, in the device's current zone (null: never measured) */
  clockSkewSeconds: number | null
  timeIssue: TimeIssue | null
  /** For a zone mismatch: the UTC offset the device seems to run at, minutes east, and as `±HHMM` */
  suggestedUtcOffsetMinutes: number | null
  suggestedUtcOffset: string | null
}

/** The flag's limit when automatic correction is disabled (the configuration's default threshold). */
const DEFAULT_FLAG_SECONDS = 120

/**
 * The time status from stored telemetry, for a device read in `zone`. A reading taken in another zone (the zone
 * was set since) is re-based on this one, so setting the right zone clears a zone mismatch at once. A clock is
 * flagged beyond the threshold (a threshold of 0 only disables the correction, not the flag).
 */
export function timeIssueOf(
  telemetry: Record<string, unknown>,
  zone: string,
  thresholdSeconds: number,
  now: Date,
): DeviceTimeStatus {
  let skew = storedSkew(telemetry)
  const none = { timeIssue: null, suggestedUtcOffsetMinutes: null, suggestedUtcOffset: null }
  if (skew === null) return { clockSkewSeconds: null, ...none }
  const at = new Date(String(telemetry.clockSkewAt))
  const readIn = telemetry.clockSkewZone
  const when = Number.isNaN(at.getTime()) ? now : at
  if (typeof readIn === 'string' && readIn !== zone) {
    try {
      skew += (offsetMinutesAt(readIn, when) - offsetMinutesAt(zone, when)) * 60
    } catch {
      // A zone no longer known: the reading cannot be re-based, so it says nothing.
      return { clockSkewSeconds: null, ...none }
    }
  }
  const offset = suggestedUtcOffset(skew, zone, when)
  if (offset !== undefined) {
    return {
      clockSkewSeconds: skew,
      timeIssue: 'zone-mismatch',
      suggestedUtcOffsetMinutes: offset,
      suggestedUtcOffset: formatServerTz(offset),
    }
  }
  const limit = thresholdSeconds > 0 ? thresholdSeconds : DEFAULT_FLAG_SECONDS
  return {
    clockSkewSeconds: skew,
    ...none,
    timeIssue: Math.abs(skew) > limit ? 'clock-skew' : null,
  }
}
