import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import type { Database } from './database'
import { migrationsFolder } from './migrations'
import * as schema from './schema'

export interface PgliteOptions {
  /** A folder, or `memory://` */
  dataDir: string
  /** A dumped data folder to start from (tests: migrate once, load many times) */
  loadDataDir?: Blob | File
}

/** Opens the embedded PGlite database and applies pending migrations. */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  // PGlite creates the data folder but not its parents (`.data/pglite` on a fresh clone).
  if (!options.dataDir.includes('://')) mkdirSync(dirname(options.dataDir), { recursive: true })
  const client = new PGlite(options.dataDir, {
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  })
  await client.waitReady
  const db = drizzle(client, { schema })
  await migrate(db, { migrationsFolder })
  return wrapPglite(client, db)
}

function wrapPglite(client: PGlite, db: ReturnType<typeof drizzle<typeof schema>>): Database {
  return {
    db,
    driver: 'pglite',
    async listen(channel, onPayload) {
      const unsub = await client.listen(channel, onPayload)
      return async () => {
        await unsub()
      }
    },
    async notify(channel, payload) {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`)
    },
    async copyFrom(table, columns, text) {
      // PGlite reads COPY input from the blob handed with the query, named by the path `/dev/blob`.
      await client.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], {
        blob: new Blob([text]),
      })
    },
    async ping() {
      await db.execute(sql`select 1`)
    },
    async close() {
      if (!client.closed) await client.close()
    },
  }
}

/** Dumps a migrated PGlite data folder, so tests can start many databases from it cheaply. */
export async function dumpMigratedPglite(): Promise<Blob | File> {
  const client = new PGlite('memory://')
  await client.waitReady
  await migrate(drizzle(client, { schema }), { migrationsFolder })
  const dump = await client.dumpDataDir('none')
  await client.close()
  return dump
}
