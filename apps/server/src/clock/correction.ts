import { type Command, wallClockFromInstant, zkSecondsFromWallClock } from '@webroster/protocol'
import type { ServerConfig } from '../config'
import type { DeviceRow } from '../devices'
import type { Logger } from '../logger'
import type { ClockCorrectionThrottle } from './correction-throttle'
import { type ClockSkewReading, suggestedUtcOffset } from './skew'

/**
 * The command that sets a device's clock to `at` as its zone reads it: attendance firmware takes
 * `SET OPTION DateTime=<zk-seconds>`, Security PUSH (`acc`) firmware the plural `SET OPTIONS DateTime=`.
 * @example clockCorrection(new Date('2018-02-22T14:54:54Z'), 'UTC')
 * // { type: 'SET OPTION', key: 'DateTime', value: '583080894' }
 */
export function clockCorrection(at: Date, zone: string, deviceType = 'att'): Command {
  const zk = String(zkSecondsFromWallClock(wallClockFromInstant(at, zone)))
  return deviceType === 'acc'
    ? { type: 'SET OPTIONS', options: [['DateTime', zk]] }
    : { type: 'SET OPTION', key: 'DateTime', value: zk }
}

/** What an automatic correction needs: the threshold, the queue it goes into and this process's throttle. */
export interface ClockCorrectionDeps {
  config: Pick<ServerConfig, 'clockSyncThresholdSeconds' | 'commandRedeliverySeconds'>
  commands: {
    enqueue(input: {
      sn: string
      type: 'set-time'
      command: Command
      createdBy: string
      expiresAt: Date
    }): Promise<{ id: number; status: string }>
  }
  clockCorrections: ClockCorrectionThrottle
  log: Logger
  now: () => Date
}

/**
 * Queues one automatic set-time for an admitted device whose reading is beyond
 * `clockSyncThresholdSeconds` (0: never) — only when someone set the device's zone (a default zone may be the
 * wrong one, and the skew then is the zone's) and only when the skew does not look like a zone (near whole
 * quarter hours): correcting either would move a right clock by hours, and every later punch with it.
 * At most one per device per CLOCK_CORRECTION_INTERVAL_MS in this process, and it expires before it would be
 * re-delivered: a re-sent clock value is stale.
 * Never throws: the request that carried the evidence must not fail because the correction could not be queued.
 */
export async function correctClockIfSkewed(
  deps: ClockCorrectionDeps,
  row: Pick<DeviceRow, 'sn' | 'timeZone' | 'deviceType'>,
  reading: ClockSkewReading,
): Promise<void> {
  const { sn, timeZone: zone, deviceType } = row
  const threshold = deps.config.clockSyncThresholdSeconds
  if (threshold === 0 || Math.abs(reading.clockSkewSeconds) <= threshold) return
  if (!zone || reading.clockSkewZone !== zone) return
  if (suggestedUtcOffset(reading.clockSkewSeconds, zone, deps.now()) !== undefined) {
    deps.log.info('clock skew looks like a zone mismatch: not corrected', {
      sn,
      skewSeconds: reading.clockSkewSeconds,
    })
    return
  }
  try {
    const now = deps.now()
    const command = clockCorrection(now, zone, deviceType)
    if (!deps.clockCorrections.take(sn, now.getTime())) return
    const queued = await deps.commands.enqueue({
      sn,
      type: 'set-time',
      command,
      createdBy: 'clock-sync',
      expiresAt: new Date(now.getTime() + deps.config.commandRedeliverySeconds * 1000),
    })
    if (queued.status === 'queued') {
      deps.log.info('clock correction queued', {
        sn,
        id: queued.id,
        skewSeconds: reading.clockSkewSeconds,
        source: reading.clockSkewSource,
      })
    }
  } catch (e) {
    deps.log.warn('clock correction not queued', { sn, error: (e as Error).message })
  }
}
