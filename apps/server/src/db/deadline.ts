import type { Database } from './database'

/** The database did not answer in time: for a terminal, the same as unavailable (re-send later). */
export class DatabaseTimeout extends Error {
  constructor(readonly ms: number) {
    super(`the database did not answer within ${ms} ms`)
    this.name = 'DatabaseTimeout'
  }
}

/**
 * `work`, or a DatabaseTimeout after `ms`.
 * @example await withDeadline(database.ping(), 1500)
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeout(ms)), ms)
  })
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

interface Waiter {
  /** When this request last proved the database alive (its start, or the last answered ping) */
  since: number
  reject: (e: unknown) => void
}

/**
 * Watches the requests waiting on one database. A silent database (partition, frozen host) refuses nothing:
 * queries just wait, for minutes, longer than any terminal. So a request still waiting after two thirds of `ms`
 * is followed by a ping: if that does not come back within the last third, the database is unavailable and the
 * request fails (DatabaseTimeout, within `ms` plus one tick); if it does, the database is only busy and the work is
 * waited for again. One timer and one ping serve every request: a timer per request cost empty polls ~6 µs each.
 * The ping must not wait behind the work it vouches for: on Postgres it has a connection of its own, outside the pool.
 * The work itself goes on either way; everything a device request writes is idempotent, so if it commits late the
 * terminal's re-send is acknowledged without a second copy.
 */
export class DatabaseWatchdog {
  private readonly waiting = new Set<Waiter>()
  private timer: ReturnType<typeof setInterval> | undefined
  private pinging = false
  private readonly wait: number

  constructor(
    private readonly database: Pick<Database, 'ping'>,
    private readonly ms: number,
  ) {
    this.wait = Math.round((ms * 2) / 3)
  }

  /** `work`, or a rejection once the database stopped answering while it waited. */
  run<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = { since: performance.now(), reject }
      this.waiting.add(waiter)
      this.timer ??= setInterval(() => void this.tick(), Math.max(10, Math.round(this.ms / 6)))
      work.then(
        (value) => {
          this.waiting.delete(waiter)
          resolve(value)
        },
        (e: unknown) => {
          this.waiting.delete(waiter)
          reject(e)
        },
      )
    })
  }

  private async tick(): Promise<void> {
    if (this.waiting.size === 0) {
      clearInterval(this.timer)
      this.timer = undefined
      return
    }
    if (this.pinging) return
    const now = performance.now()
    const stale = [...this.waiting].filter((w) => now - w.since >= this.wait)
    if (stale.length === 0) return
    this.pinging = true
    try {
      await withDeadline(this.database.ping(), this.ms - this.wait)
      const alive = performance.now()
      for (const w of stale) w.since = alive
    } catch (e) {
      for (const w of stale) {
        if (this.waiting.delete(w)) w.reject(e)
      }
    } finally {
      this.pinging = false
    }
  }
}

const watchdogs = new WeakMap<object, Map<number, DatabaseWatchdog>>()

/**
 * `work`, for as long as the database answers (see DatabaseWatchdog). The embedded PGlite cannot go silent (and
 * its one connection would make a busy database look like a silent one), so there the work is simply awaited.
 * @example await whileDatabaseAnswers(database, ingest(batch), 1500)
 */
export function whileDatabaseAnswers<T>(
  database: Pick<Database, 'driver' | 'ping'>,
  work: Promise<T>,
  ms: number,
): Promise<T> {
  if (database.driver === 'pglite') return work
  const byMs = watchdogs.get(database) ?? new Map<number, DatabaseWatchdog>()
  watchdogs.set(database, byMs)
  const watchdog = byMs.get(ms) ?? new DatabaseWatchdog(database, ms)
  byMs.set(ms, watchdog)
  return watchdog.run(work)
}
