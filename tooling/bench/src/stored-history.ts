import { copyPunches, type SeedShape } from './attendance-seed'
import { connect } from './bench-database'
import type { RunContext } from './run-context'

/** 2024-01-01 UTC: the stored history is the year before the simulated fleet's clocks (January 2025 on) */
const HISTORY_START = 1_704_067_200

/** The history's shape: enough people that each has one check-in and one check-out a day at most. */
export function historyShape(punches: number): SeedShape {
  return {
    people: Math.max(1000, Math.ceil(punches / 300)),
    punches,
    devices: 300,
    groups: 1,
    startEpoch: HISTORY_START,
    days: 365,
  }
}

/**
 * Seeds `--stored-punches` of history into the run's database with COPY, so the ingest phases run
 * beside a full table rather than an empty one (the partitions exist: `migrate` made them), then VACUUM (ANALYZE)
 * and a checkpoint. Resolves to the seconds the COPY took.
 */
export async function seedStoredHistory(ctx: RunContext): Promise<number> {
  if (!ctx.databaseUrl) throw new Error('--stored-punches needs Postgres (--db postgres)')
  const sql = connect(ctx.databaseUrl, Math.max(1, ctx.cores))
  try {
    const started = performance.now()
    await copyPunches(sql, historyShape(ctx.options.storedPunches), Math.max(1, ctx.cores))
    const seconds = (performance.now() - started) / 1000
    // Vacuumed here, not by autovacuum: millions of fresh rows trigger an insert vacuum of every month, which would
    // run beside the phases measured after the seeding. The checkpoint writes the seeding's dirty pages out before
    // them too.
    const settled = performance.now()
    await sql`vacuum (analyze) punches`
    await sql`checkpoint`.catch((e: unknown) =>
      ctx.log(`  no checkpoint after the seeding: ${String(e)}`),
    )
    ctx.log(
      `  stored ${ctx.options.storedPunches} punches of history in ${seconds.toFixed(1)} s, ` +
        `vacuumed, analysed and checkpointed in ${((performance.now() - settled) / 1000).toFixed(1)} s`,
    )
    return seconds
  } finally {
    await sql.end({ timeout: 5 })
  }
}
