import type { Timer } from './timer'

/** A sleep that `wake()` can end early; a wake with nobody asleep ends the next sleep at once. */
export class Wakeup {
  #wake: (() => void) | undefined
  #pending = false

  wake(): void {
    if (this.#wake) this.#wake()
    else this.#pending = true
  }

  sleep(timer: Timer, ms: number, signal: AbortSignal): Promise<void> {
    if (this.#pending || signal.aborted) {
      this.#pending = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const done = () => {
        timer.clearTimeout(handle)
        signal.removeEventListener('abort', done)
        this.#wake = undefined
        resolve()
      }
      const handle = timer.setTimeout(done, ms)
      signal.addEventListener('abort', done, { once: true })
      this.#wake = done
    })
  }
}
