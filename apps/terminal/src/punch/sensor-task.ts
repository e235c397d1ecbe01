import type { Logger } from '../core/logger'
import { sleepUnlessAborted, type Task } from '../core/task'
import type { Timer } from '../core/timer'
import type { CredentialSensor } from '../hardware/ports'
import type { PunchFlow } from './punch-flow'

/**
 * Polls the sensor and runs the punch flow for each credential. It probes first, so a reader
 * missing at boot is retried by the supervisor's backoff instead of ending the terminal.
 */
export function createSensorTask(deps: {
  sensor: CredentialSensor
  flow: () => PunchFlow
  timer: Timer
  pollMs: number
  logger: Logger
}): Task {
  return {
    name: 'sensor',
    async run(signal) {
      await deps.sensor.probe()
      while (!signal.aborted) {
        const credential = await deps.sensor.poll()
        if (signal.aborted) break
        if (credential) {
          const result = deps.flow().handle(credential)
          deps.logger.info('credential', { kind: credential.kind, ...result })
        } else {
          await sleepUnlessAborted(deps.timer, deps.pollMs, signal)
        }
      }
    },
  }
}
