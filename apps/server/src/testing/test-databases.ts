import postgres from 'postgres'
import type { Database } from '../db/database'
import { dumpMigratedPglite, openPglite } from '../db/pglite'
import { openPostgres } from '../db/postgres'

export type DbKind = 'pglite' | 'postgres'

/**
 * The database kinds a suite runs on: PGlite always, Postgres too when DATABASE_URL is set
 * (write the suite once, run it on both).
 */
export function testDbKinds(): DbKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
}

let pgliteDump: Promise<Blob | File> | undefined

/**
 * A fresh, migrated, isolated database of the given kind; `close()` also drops it.
 * PGlite starts from a dump migrated once per worker; Postgres gets its own uniquely named database.
 */
export async function openTestDb(kind: DbKind): Promise<Database> {
  if (kind === 'pglite') {
    pgliteDump ??= dumpMigratedPglite()
    return openPglite({ dataDir: 'memory://', loadDataDir: await pgliteDump })
  }
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set')
  const name = `webroster_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const dbUrl = new URL(url)
  dbUrl.pathname = `/${name}`
  const database = await openPostgres({ url: dbUrl.toString(), max: 5 })
  return {
    ...database,
    async close() {
      await database.close()
      const dropper = postgres(url, { max: 1, onnotice: () => {} })
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`)
      } finally {
        await dropper.end()
      }
    },
  }
}
