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

/**
 * `work`, for as long as the database answers. A silent database (partition, frozen host) refuses nothing:
 * queries just wait, for minutes, longer than any terminal. So work still running after two thirds of `ms` is
 * followed by a ping: if that does not come back within the last third, the database is unavailable
 * (DatabaseTimeout, within `ms`); if it does, the database is only busy and the work is waited for again.
 * The work itself goes on either way; everything a device request writes is idempotent, so if it commits late
 * the terminal's re-send is acknowledged without a second copy. The embedded PGlite cannot go silent (and its
 * one connection would make a busy database look like a silent one), so there the work is simply awaited.
 */
export async function whileDatabaseAnswers<T>(
  database: Pick<Database, 'driver' | 'ping'>,
  work: Promise<T>,
  ms: number,
): Promise<T> {
  if (database.driver === 'pglite') return work
  const wait = Math.round((ms * 2) / 3)
  const done = Symbol('done')
  const finished = work.then(() => done)
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), wait)
    })
    const first = await Promise.race([finished, tick]).finally(() => clearTimeout(timer))
    if (first === done) return work
    await withDeadline(database.ping(), ms - wait)
  }
}
