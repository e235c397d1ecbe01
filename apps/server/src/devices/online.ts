import type { DeviceRow } from './device-directory'

/** A device is online when it polled within three poll periods (at least a minute: clocks and jitter). */
export function isDeviceOnline(
  row: Pick<DeviceRow, 'lastSeenAt'>,
  now: Date,
  pollDelaySeconds: number,
): boolean {
  if (!row.lastSeenAt) return false
  const window = Math.max(3 * pollDelaySeconds, 60) * 1000
  return now.getTime() - row.lastSeenAt.getTime() <= window
}
