import { type Command, formatDeviceTime, zkSecondsFromWallClock } from '@webroster/protocol'
import type { CommandQueue } from '../commands'
import type { ServerConfig } from '../config'
import type { DeviceRow } from '../devices'
import type { Logger } from '../logger'
import { type ClockSkewReading, suggestedUtcOffset } from './clock-skew'

/**
 * The command that sets a device's clock to `at` as its zone reads it: attendance firmware takes
 * `SET OPTION DateTime=<zk-seconds>`, Security PUSH (`acc`) firmware the plural `SET OPTIONS DateTime=`.
 * @example clockCorrection(new Date('2018-02-22T14:54:54Z'), 'UTC')
 * // { type: 'SET OPTION', key: 'DateTime', value: '583080894' }
 */
export function clockCorrection(at: Date, zone: string, deviceType = 'att'): Command {
  const zk = String(zkSecondsFromWallClock(formatDeviceTime(at, zone)))
  return deviceType === 'acc'
    ? { type: 'SET OPTIONS', options: [['DateTime', zk]] }
    : { type: 'SET OPTION', key: 'DateTime', value: zk }
}

/** What queuing a clock correction needs. */
export interface ClockCorrectionDeps {
  config: Pick<ServerConfig, 'clockSyncThresholdSeconds'>
  commands: Pick<CommandQueue, 'enqueueClockCorrection'>
  log: Logger
  now: () => Date
}

/**
 * Queues one automatic set-time for an admitted device whose reading is beyond
 * `clockSyncThresholdSeconds` (0: never) — only when someone set the device's zone (a default zone may be the
 * wrong one, and the skew then is the zone's) and only when the skew does not look like a zone (near whole
 * quarter hours): correcting either would move a right clock by hours, and every later punch with it.
 * Never throws: the request that carried the evidence must not fail because the correction could not be queued.
 */
export async function correctClockIfSkewed(
  services: ClockCorrectionDeps,
  row: Pick<DeviceRow, 'sn' | 'timeZone' | 'deviceType'>,
  reading: ClockSkewReading,
): Promise<void> {
  const { sn, timeZone: zone, deviceType } = row
  const threshold = services.config.clockSyncThresholdSeconds
  if (threshold === 0 || Math.abs(reading.clockSkewSeconds) <= threshold) return
  if (!zone || reading.clockSkewZone !== zone) return
  if (suggestedUtcOffset(reading.clockSkewSeconds, zone, services.now()) !== undefined) {
    services.log.info('clock skew looks like a zone mismatch: not corrected', {
      sn,
      skewSeconds: reading.clockSkewSeconds,
    })
    return
  }
  try {
    const queued = await services.commands.enqueueClockCorrection(
      sn,
      clockCorrection(services.now(), zone, deviceType),
    )
    if (queued?.status === 'queued') {
      services.log.info('clock correction queued', {
        sn,
        id: queued.id,
        skewSeconds: reading.clockSkewSeconds,
        source: reading.clockSkewSource,
      })
    }
  } catch (e) {
    services.log.warn('clock correction not queued', { sn, error: (e as Error).message })
  }
}
