import { type Logger, silentLogger } from './logger'
import { sleepUnlessAborted, type Task } from './task'
import { systemTimer, type Timer } from './timer'

export interface SupervisorOptions {
  timer?: Timer
  logger?: Logger
  /** First restart delay; doubles per consecutive failure up to `maxBackoffMs`. */
  initialBackoffMs?: number
  maxBackoffMs?: number
  /** A run lasting this long counts as healthy, so the next failure starts from the first delay. */
  stableAfterMs?: number
}

export interface TaskStatus {
  name: string
  running: boolean
  restarts: number
  lastError: string | null
}

interface Entry {
  task: Task
  controller: AbortController
  done: Promise<void>
  status: TaskStatus
}

/** Owns long-lived tasks: restarts a failed one with exponential backoff, stops all in order. */
export class Supervisor {
  readonly #timer: Timer
  readonly #logger: Logger
  readonly #initial: number
  readonly #max: number
  readonly #stableAfter: number
  readonly #entries: Entry[] = []

  constructor(options: SupervisorOptions = {}) {
    this.#timer = options.timer ?? systemTimer
    this.#logger = options.logger ?? silentLogger
    this.#initial = options.initialBackoffMs ?? 500
    this.#max = options.maxBackoffMs ?? 30_000
    this.#stableAfter = options.stableAfterMs ?? 60_000
  }

  /** Starts supervising `task` at once. */
  start(task: Task): void {
    const controller = new AbortController()
    const status: TaskStatus = { name: task.name, running: true, restarts: 0, lastError: null }
    const entry: Entry = { task, controller, status, done: Promise.resolve() }
    entry.done = this.#supervise(entry)
    this.#entries.push(entry)
  }

  status(): TaskStatus[] {
    return this.#entries.map((e) => ({ ...e.status }))
  }

  /** Aborts every task, newest first, and waits for each to finish. */
  async stop(): Promise<void> {
    for (const entry of [...this.#entries].reverse()) {
      entry.controller.abort()
      await entry.done
    }
    this.#entries.length = 0
  }

  async #supervise(entry: Entry): Promise<void> {
    const { task, controller, status } = entry
    const { signal } = controller
    let backoff = this.#initial
    while (!signal.aborted) {
      const started = this.#timer.now()
      try {
        await task.run(signal)
        if (!signal.aborted) this.#logger.info('task finished', { task: task.name })
        break
      } catch (error) {
        if (signal.aborted) break
        status.lastError = error instanceof Error ? error.message : String(error)
        status.restarts++
        if (this.#timer.now() - started >= this.#stableAfter) backoff = this.#initial
        this.#logger.error('task failed; restarting', {
          task: task.name,
          error: status.lastError,
          inMs: backoff,
        })
        await sleepUnlessAborted(this.#timer, backoff, signal)
        backoff = Math.min(backoff * 2, this.#max)
      }
    }
    status.running = false
  }
}
