import { type Command, formatDeviceTime, zkSecondsFromWallClock } from '@webroster/protocol'
import type { Services } from '../services'
import type { ClockSkewReading } from './clock-skew'

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

/**
 * Queues one automatic set-time for an admitted device whose reading is beyond
 * `clockSyncThresholdSeconds` (0: never). Never throws: the request that carried the evidence must not fail
 * because the correction could not be queued.
 */
export async function correctClockIfSkewed(
  services: Services,
  sn: string,
  zone: string,
  reading: ClockSkewReading,
  deviceType = 'att',
): Promise<void> {
  const threshold = services.config.clockSyncThresholdSeconds
  if (threshold === 0 || Math.abs(reading.clockSkewSeconds) <= threshold) return
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
