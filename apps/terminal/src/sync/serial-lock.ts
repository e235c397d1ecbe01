/**
 * Runs async jobs one at a time, in call order. The old terminal started a push thread per cycle
 * and sent the same punches twice; every upload here goes through one lock.
 */
export class SerialLock {
  #tail: Promise<unknown> = Promise.resolve()
  #busy = 0

  /** Whether a job is running or queued. */
  get busy(): boolean {
    return this.#busy > 0
  }

  run<T>(job: () => Promise<T>): Promise<T> {
    this.#busy++
    const next = this.#tail.then(job).finally(() => {
      this.#busy--
    })
    this.#tail = next.catch(() => {})
    return next
  }
}
