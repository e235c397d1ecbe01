import type { DeviceRow } from './device-directory'

/** How long after its last request a device still counts as online: three polls, at least a minute (clocks and jitter). */
export function onlineWindowMs(pollDelaySeconds: number): number {
  return Math.max(3 * pollDelaySeconds, 60) * 1000
}

/** The one online rule: the API's `online` and the webhooks' `device-online` / `device-offline` both use it. */
export function isDeviceOnline(
  row: Pick<DeviceRow, 'lastSeenAt'>,
  now: Date,
  pollDelaySeconds: number,
): boolean {
  if (!row.lastSeenAt) return false
  return now.getTime() - row.lastSeenAt.getTime() <= onlineWindowMs(pollDelaySeconds)
}
