import { NO_LOCKED_PERIODS, openDb, PunchPartitions, silentLogger } from '@webroster/server'
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
  /** Days the ingest phases move their punches on (the second pass beside stored history: never the first's) */
  epochShiftDays?: number
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

/**
 * The months the phases write punches in: the stored history (2024), the simulated fleet's clocks (from January
 * 2025) and the attendance year (December 2025 to November 2026).
 */
export const BENCH_MONTHS: readonly string[] = Array.from({ length: 36 }, (_, i) => {
  const year = 2024 + Math.floor(i / 12)
  return `${year}-${String((i % 12) + 1).padStart(2, '0')}`
})

/**
 * Applies the server's migrations to the run's database without starting the server, and creates the partitions
 * of the months the phases write in, as a server running through those months would have ahead of time (else
 * their punches land in the default partition, and each server start would move them out row by row).
 */
export async function migrate(ctx: RunContext): Promise<void> {
  const database = await openDb({
    ...(ctx.databaseUrl ? { databaseUrl: ctx.databaseUrl } : {}),
    pgliteDir: ctx.pgliteDir,
  })
  try {
    await new PunchPartitions({
      db: database.db,
      log: silentLogger,
      retentionMonths: 0,
      locks: NO_LOCKED_PERIODS,
    }).ensureMonths(BENCH_MONTHS)
  } finally {
    await database.close()
  }
}
