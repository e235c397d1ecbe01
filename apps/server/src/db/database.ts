import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type * as schema from './schema'

/** The drizzle database, whichever driver is behind it (postgres.js or PGlite). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

/** A transaction handle: the same query builder, inside one commit. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

/** An open database: the query builder plus the driver facilities the server needs beyond it. */
export interface Database {
  db: Db
  driver: 'postgres' | 'pglite'
  /** Subscribes to a NOTIFY channel; resolves to an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>
  /** Sends a NOTIFY to every server process on this database. */
  notify(channel: string, payload: string): Promise<void>
  /**
   * Streams `text` (COPY text format, one row a line) into `table`'s `columns` with `COPY … FROM STDIN`: one
   * statement, so every row commits or none does. Rejects with the database's error (a unique violation included).
   */
  copyFrom(table: string, columns: readonly string[], text: string): Promise<void>
  /** Round trip to the database, for health checks. */
  ping(): Promise<void>
  close(): Promise<void>
}
