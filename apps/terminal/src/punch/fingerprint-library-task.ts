import type { Logger } from '../core/logger'
import type { Task } from '../core/task'
import type { Timer } from '../core/timer'
import { Wakeup } from '../core/wakeup'
import type { FingerprintLibrary } from './fingerprint-library'

export interface FingerprintLibraryTask extends Task {
  /** Templates changed in the store: reconcile now rather than at the next round. */
  nudge(): void
}

/**
 * Keeps the sensor's library true to the store in the background: at boot with a full check (a
 * replaced or emptied sensor is refilled), then whenever nudged, and every `everyMs`; a failed
 * round (the sensor is offline) is tried again after `retryMs`. Commands never wait for it, so a
 * server update is acknowledged once stored and the sensor catches up within moments.
 */
export function createFingerprintLibraryTask(deps: {
  library: Pick<FingerprintLibrary, 'reconcile'>
  timer: Timer
  logger: Logger
  everyMs?: number
  retryMs?: number
}): FingerprintLibraryTask {
  const wakeup = new Wakeup()
  const everyMs = deps.everyMs ?? 10 * 60_000
  const retryMs = deps.retryMs ?? 30_000
  return {
    name: 'fingerprint-library',
    nudge: () => wakeup.wake(),
    async run(signal) {
      let verify = true
      while (!signal.aborted) {
        let wait = everyMs
        try {
          const changes = await deps.library.reconcile({ verify })
          verify = false
          if (changes.installed + changes.removed > 0) {
            deps.logger.info('fingerprint sensor library updated', changes)
          }
          if (changes.full) deps.logger.warn('fingerprint sensor library is full', changes)
        } catch (error) {
          deps.logger.warn('fingerprint sensor library not updated', { error })
          wait = retryMs
        }
        await wakeup.sleep(deps.timer, wait, signal)
      }
    },
  }
}
