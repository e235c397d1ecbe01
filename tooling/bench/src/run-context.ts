import { openDb } from '@webroster/server'
import { countPunches } from './bench-database'
import type { BenchOptions } from './options'

/** What every phase needs: the options and where the run's database lives. */
export interface RunContext {
  options: BenchOptions
  cores: number
  /** The run's own Postgres database (postgres mode) */
  databaseUrl?: string
  /** The run's PGlite folder (pglite mode) */
  pgliteDir: string
  log: (message: string) => void
}

/** Rows in `punches`. On PGlite only one process may open the folder: call it with the server stopped. */
export async function punchCount(ctx: RunContext): Promise<number> {
  if (ctx.databaseUrl) return countPunches(ctx.databaseUrl)
  const database = await openDb({ pgliteDir: ctx.pgliteDir })
  try {
    const result: unknown = await database.db.execute('select count(*)::int as n from punches')
    // postgres.js returns rows, PGlite returns { rows }
    const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows
    return Number((rows[0] as { n: number } | undefined)?.n ?? 0)
  } finally {
    await database.close()
  }
}

/** Applies the server's migrations to the run's database without starting the server. */
export async function migrate(ctx: RunContext): Promise<void> {
  const database = await openDb({
    ...(ctx.databaseUrl ? { databaseUrl: ctx.databaseUrl } : {}),
    pgliteDir: ctx.pgliteDir,
  })
  await database.close()
}
