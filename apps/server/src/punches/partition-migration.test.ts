import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import { migrationsFolder } from '../db/migrations'
import { testDbKinds } from '../testing/test-databases'

/** The statements of one migration file, as drizzle's migrator splits them. */
function statements(file: string): string[] {
  return readFileSync(join(migrationsFolder, file), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

const files = readdirSync(migrationsFolder)
  .filter((f) => f.endsWith('.sql'))
  .sort()
const PARTITIONING = '0007_punches-by-month.sql'

/** A bare database of either kind that runs statements and queries. */
interface Bare {
  exec(statement: string): Promise<void>
  rows<T>(query: string): Promise<T[]>
  close(): Promise<void>
}

async function openBare(kind: 'pglite' | 'postgres'): Promise<Bare> {
  if (kind === 'pglite') {
    const client = new PGlite('memory://')
    return {
      exec: async (s) => {
        await client.exec(s)
      },
      rows: async <T>(q: string) => (await client.query<T>(q)).rows,
      close: () => client.close(),
    }
  }
  const url = process.env.DATABASE_URL as string
  const name = `webroster_migration_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  const dbUrl = new URL(url)
  dbUrl.pathname = `/${name}`
  const client = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} })
  return {
    exec: async (s) => {
      await client.unsafe(s)
    },
    rows: async <T>(q: string) => (await client.unsafe(q)) as unknown as T[],
    close: async () => {
      await client.end()
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

describe.each(testDbKinds())(
  'punches partitioning migration on %s',
  { timeout: 60_000 },
  (kind) => {
    it('converts a stored table: a partition per stored month, every row and id kept, ids go on', async () => {
      const db = await openBare(kind)
      try {
        for (const f of files.filter((f) => f < PARTITIONING)) {
          for (const s of statements(f)) await db.exec(s)
        }
        await db.exec(`
        insert into punches (sn, pin, local_time, punched_at, status, verify, assumed_zone) values
          ('A', '1', '2025-01-31 23:00:00', '2025-01-31T22:00:00Z', 0, 1, 'Europe/Madrid'),
          ('A', '1', '2025-02-01 08:00:00', '2025-02-01T07:00:00Z', 0, 1, null),
          ('A', '2', '2025-02-03 08:00:00', '2025-02-03T07:00:00Z', 1, 1, null),
          ('B', '3', '2150-06-01 08:00:00', '2150-06-01T08:00:00Z', 0, 1, null)`)
        const before = await db.rows<{ id: string; local_time: string }>(
          'select id::text, local_time from punches order by id',
        )
        for (const s of statements(PARTITIONING)) await db.exec(s)
        const parts = await db.rows<{ part: string; n: number }>(
          `select tableoid::regclass::text as part, count(*)::int as n from punches group by 1 order by 1`,
        )
        expect(parts.map((p) => [p.part, Number(p.n)])).toEqual([
          ['punches_default', 1],
          ['punches_p2025_01', 1],
          ['punches_p2025_02', 2],
        ])
        expect(
          await db.rows<{ id: string; local_time: string }>(
            'select id::text, local_time from punches order by id',
          ),
        ).toEqual(before)
        const zone = await db.rows<{ assumed_zone: string | null }>(
          `select assumed_zone from punches where local_time = '2025-01-31 23:00:00'`,
        )
        expect(zone[0]?.assumed_zone).toBe('Europe/Madrid')
        // The dedupe index holds on the partitioned table; the sequence goes on after the moved ids.
        await db.exec(`insert into punches (sn, pin, local_time, punched_at, status, verify)
        values ('A', '1', '2025-02-01 08:00:00', now(), 0, 4) on conflict do nothing`)
        await db.exec(`insert into punches (sn, pin, local_time, punched_at, status, verify)
        values ('A', '1', '2025-02-05 08:00:00', now(), 0, 4)`)
        const after = await db.rows<{ n: number; max: string }>(
          'select count(*)::int as n, max(id)::text as max from punches',
        )
        expect(Number(after[0]?.n)).toBe(5)
        // (The conflicting insert drew a value too: a sequence never goes back.)
        expect(Number(after[0]?.max)).toBe(Number(before.at(-1)?.id) + 2)
        const indexes = await db.rows<{ indexname: string }>(
          `select indexname from pg_indexes where tablename = 'punches_p2025_02' order by 1`,
        )
        expect(indexes).toHaveLength(5)
        // Nothing of the old table is left behind.
        expect(
          await db.rows(`select 1 from pg_class where relname like 'punches_unpartitioned%'`),
        ).toEqual([])
      } finally {
        await db.close()
      }
    })
  },
)
