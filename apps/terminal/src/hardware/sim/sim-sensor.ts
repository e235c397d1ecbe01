import type { Credential, CredentialSensor } from '../ports'

/** A sensor driven by the test or the sim control API instead of a chip. */
export interface SimSensor extends CredentialSensor {
  /** Queues a card or finger as if presented. A finger is delivered as given: matching the PIN
   * against the terminal's templates is the caller's job, as it is for the real reader. */
  present(credential: Credential): void
  /** Simulates a missing or broken chip (probe rejects, poll sees nothing); null heals it. */
  setFault(message: string | null): void
  readonly pending: number
}

/**
 * Creates the simulated sensor. The queue is bounded because the sim control API is reachable by
 * scripts that may flood it; the oldest presentations are dropped first.
 * @example const s = createSimSensor(); s.present({ kind: 'card', card: '15CD5B07' })
 */
export function createSimSensor(
  options: {
    queueLimit?: number
    /** Polled when nothing is queued (the simulated fingerprint sensor's matches). */
    also?: CredentialSensor
  } = {},
): SimSensor {
  const limit = options.queueLimit ?? 100
  const queue: Credential[] = []
  let fault: string | null = null
  let closed = false
  return {
    present(credential) {
      if (closed) throw new Error('simulated sensor used after close')
      queue.push({ ...credential })
      if (queue.length > limit) queue.shift()
    },
    setFault(message) {
      fault = message
    },
    get pending() {
      return queue.length
    },
    async probe() {
      if (fault !== null) throw new Error(`simulated sensor not answering: ${fault}`)
    },
    async poll() {
      if (closed) throw new Error('simulated sensor polled after close')
      if (fault !== null) return null
      return queue.shift() ?? (await options.also?.poll()) ?? null
    },
    async close() {
      closed = true
      queue.length = 0
      await options.also?.close()
    },
  }
}
