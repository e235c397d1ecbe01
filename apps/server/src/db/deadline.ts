/** The database did not answer in time: for a terminal, the same as unavailable (re-send later). */
export class DatabaseTimeout extends Error {
  constructor(readonly ms: number) {
    super(`the database did not answer within ${ms} ms`)
    this.name = 'DatabaseTimeout'
  }
}

/**
 * `work`, or a DatabaseTimeout after `ms`. A silent database (partition, frozen host) refuses nothing: queries
 * just wait, for minutes, longer than any terminal. The work itself goes on; everything a device request writes
 * is idempotent, so if it commits late the terminal's re-send is acknowledged without a second copy.
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeout(ms)), ms)
  })
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}
