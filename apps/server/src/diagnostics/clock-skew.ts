import type { ZoneClock } from '../ingest/zone-clock'

/** Where a skew reading came from: the poll's `current_time` (exact) or a real-time punch (estimate). */
export type ClockSkewSource = 'device-time' | 'punch'

/** The telemetry fields a skew reading adds to a device (merged into `devices.telemetry`). */
export interface ClockSkewReading {
  /** Device clock minus server clock, whole seconds: positive means the device runs ahead */
  clockSkewSeconds: number
  /** When the reading was taken (server clock, ISO 8601) */
  clockSkewAt: string
  clockSkewSource: ClockSkewSource
}

/**
 * A punch received more than this after the time the device stamped on it may have waited in the device's
 * offline buffer, so it says nothing about the clock (the old server flagged every buffered punch as skew).
 */
export const REALTIME_WINDOW_SECONDS = 60

/** How long an exact `current_time` reading wins over punch estimates. */
export const DEVICE_TIME_PREFERRED_MS = 10 * 60_000

function reading(skewMs: number, now: Date, source: ClockSkewSource): ClockSkewReading {
  return {
    clockSkewSeconds: Math.round(skewMs / 1000),
    clockSkewAt: now.toISOString(),
    clockSkewSource: source,
  }
}

/**
 * Skew from the wall clock a terminal reports on its poll (`current_time=YYYY-MM-DD HH:MM:SS`) read in the
 * device's zone; undefined when the value is not a device time.
 * @example skewFromDeviceTime(clock, '2025-02-01 10:05:00', 'Europe/Madrid', new Date('2025-02-01T09:00:00Z'))
 * // { clockSkewSeconds: 300, clockSkewAt: '2025-02-01T09:00:00.000Z', clockSkewSource: 'device-time' }
 */
export function skewFromDeviceTime(
  clock: ZoneClock,
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
  return reading(at.getTime() - now.getTime(), now, 'device-time')
}

/**
 * Skew estimated from the freshest punch of an upload received at `now`. Only a punch that reached us within
 * REALTIME_WINDOW_SECONDS of its own time counts, or one stamped in our future (a punch cannot arrive before it
 * is made, so that is the device running ahead): anything older may be an offline backlog. A device running
 * behind by more than the window is therefore only seen through `current_time`.
 * @example skewFromPunches([new Date('2025-02-01T09:03:00Z')], new Date('2025-02-01T09:00:00Z'))
 * // { clockSkewSeconds: 180, clockSkewAt: '2025-02-01T09:00:00.000Z', clockSkewSource: 'punch' }
 */
export function skewFromPunches(
  punchedAt: readonly Date[],
  now: Date,
): ClockSkewReading | undefined {
  if (punchedAt.length === 0) return undefined
  let freshest = Number.NEGATIVE_INFINITY
  for (const at of punchedAt) freshest = Math.max(freshest, at.getTime())
  const delay = now.getTime() - freshest
  if (delay > REALTIME_WINDOW_SECONDS * 1000) return undefined
  return reading(freshest - now.getTime(), now, 'punch')
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

/** The flag's limit when automatic correction is disabled (the configuration's default threshold). */
const DEFAULT_FLAG_SECONDS = 120

/** Whether a skew is beyond the threshold (a threshold of 0 only disables the correction, not the flag). */
export function isTimeIssue(skewSeconds: number | null, thresholdSeconds: number): boolean {
  if (skewSeconds === null) return false
  return Math.abs(skewSeconds) > (thresholdSeconds > 0 ? thresholdSeconds : DEFAULT_FLAG_SECONDS)
}
