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

/** How long an unanswered ping is shared before it is given up with its connection. */
const PING_STALE_MS = 2_000

/** Opens Postgres through postgres.js and applies pending migrations. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const client = postgres(options.url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
  })
  // The ping's own connection: behind the pool it would wait for a connection whenever every one is busy (joins
  // queued on the membership lock, say), and the watchdog would take a busy database for a silent one.
  const newPinger = () => postgres(options.url, { max: 1, onnotice: () => {}, connect_timeout: 10 })
  let pinger = newPinger()
  // One ping in flight at most: on a silent database later pings join it instead of queueing behind it. A ping
  // unanswered for PING_STALE_MS is dropped with its connection (a connection cut under it can hang it for good,
  // and every later ping would join it): the next ping opens a fresh one.
  let pinging: { done: Promise<void>; at: number } | undefined
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
    ping() {
      if (pinging && performance.now() - pinging.at > PING_STALE_MS) {
        const stale = pinger
        pinger = newPinger()
        pinging = undefined
        void stale.end({ timeout: 0 }).catch(() => {})
      }
      if (!pinging) {
        const own: { done: Promise<void>; at: number } = {
          at: performance.now(),
          done: pinger`select 1`.then(
            () => {
              if (pinging === own) pinging = undefined
            },
            (e: unknown) => {
              if (pinging === own) pinging = undefined
              throw e
            },
          ),
        }
        pinging = own
      }
      return pinging.done
    },
    async close() {
      await Promise.all([client.end({ timeout: 5 }), pinger.end({ timeout: 5 })])
    },
  }
}
