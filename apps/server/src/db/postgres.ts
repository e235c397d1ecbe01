import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import type { Database } from './database'
import { migrationsFolder } from './migrations'
import * as schema from './schema'

export interface PostgresOptions {
  url: string
  /** Connections in the pool */
  max?: number
}

/** Opens Postgres through postgres.js and applies pending migrations. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const client = postgres(options.url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
  })
  const db = drizzle(client, { schema })
  await migrate(db, { migrationsFolder })
  return {
    db,
    driver: 'postgres',
    async listen(channel, onPayload) {
      const sub = await client.listen(channel, onPayload)
      return async () => {
        await sub.unlisten()
      }
    },
    async notify(channel, payload) {
      await client.notify(channel, payload)
    },
    async copyFrom(table, columns, text) {
      // postgres.js pipelines queries onto busy connections; COPY data amid another query's messages breaks
      // the protocol (the server resets the connection), so the COPY gets a connection of its own.
      const own = await client.reserve()
      try {
        const sink = await own.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable()
        await new Promise<void>((resolve, reject) => {
          sink.on('error', reject)
          sink.on('finish', resolve)
          sink.end(text)
        })
      } finally {
        own.release()
      }
    },
    async ping() {
      await db.execute(sql`select 1`)
    },
    async close() {
      await client.end({ timeout: 5 })
    },
  }
}
