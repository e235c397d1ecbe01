import { describe, expect, it } from 'vitest'
import {
  benchDatabaseName,
  connect,
  createBenchDatabase,
  dropBenchDatabase,
} from './bench-database'
import { parseOptions } from './options'
import { migrate, type RunContext } from './run-context'
import { seedStoredHistory } from './stored-history'

const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'

describe('seedStoredHistory', () => {
  it('leaves the history vacuumed and analysed, so no autovacuum of it runs beside the measured phases', async () => {
    const name = `${benchDatabaseName()}_history`
    const databaseUrl = await createBenchDatabase(baseUrl, name)
    const sql = connect(databaseUrl, 1)
    try {
      const options = { ...parseOptions(['--stored-punches', '3000']) }
      const ctx: RunContext = { options, cores: 2, pgliteDir: '', log: () => {}, databaseUrl }
      await migrate(ctx)
      await seedStoredHistory(ctx)
      const rows = await sql<{ relname: string; vacuumed: boolean; analysed: boolean }[]>`
        select relname, last_vacuum is not null as vacuumed, last_analyze is not null as analysed
        from pg_stat_user_tables where relname like 'punches_p2024%' order by relname`
      expect(rows).toHaveLength(12)
      expect(rows.filter((r) => !r.vacuumed || !r.analysed)).toEqual([])
      const [count] = await sql<{ n: string }[]>`select count(*)::text as n from punches`
      expect(Number(count?.n)).toBe(3000)
    } finally {
      await sql.end({ timeout: 5 })
      await dropBenchDatabase(baseUrl, name)
    }
  }, 60_000)
})
