import { type Command, formatDeviceTime, zkSecondsFromWallClock } from '@webroster/protocol'
import type { Services } from '../services'
import type { ClockSkewReading } from './clock-skew'

/**
 * `SET OPTIONS DateTime=<zk-seconds>` carrying the server's time as the device's zone reads it.
 * @example clockCorrection(new Date('2018-02-22T14:54:54Z'), 'UTC')
 * // { type: 'SET OPTIONS', options: [['DateTime', '583080894']] }
 */
export function clockCorrection(now: Date, zone: string): Command {
  const zk = zkSecondsFromWallClock(formatDeviceTime(now, zone))
  return { type: 'SET OPTIONS', options: [['DateTime', String(zk)]] }
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
): Promise<void> {
  const threshold = services.config.clockSyncThresholdSeconds
  if (threshold === 0 || Math.abs(reading.clockSkewSeconds) <= threshold) return
  try {
    const queued = await services.commands.enqueueClockCorrection(
      sn,
      clockCorrection(services.now(), zone),
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
