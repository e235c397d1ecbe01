import type { Timer } from './timer'

/**
 * A long-lived job the supervisor owns. `run` should loop until `signal` aborts; throwing means
 * failure (the supervisor restarts it after a backoff), returning means done for good.
 */
export interface Task {
  readonly name: string
  run(signal: AbortSignal): Promise<void>
}

/** Waits `ms` on `timer`, ending early (without error) when `signal` aborts. */
export function sleepUnlessAborted(timer: Timer, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      timer.clearTimeout(handle)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const handle = timer.setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}
