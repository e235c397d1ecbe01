import { Elysia } from 'elysia'
import type { Database } from './db'
import { withDeadline } from './db/deadline'

export interface HealthDeps {
  database: Pick<Database, 'ping' | 'driver'>
  /** How long the database may take to answer before the check says `down` */
  timeoutMs: number
}

/** `GET /healthz` (no auth): process and database status; 503 when the database does not answer. */
export function healthRoutes({ database: db, timeoutMs }: HealthDeps) {
  return new Elysia({ name: 'health' }).get('/healthz', async ({ set }) => {
    const started = performance.now()
    let database: 'ok' | 'down' = 'ok'
    let error: string | undefined
    try {
      // A silent database would hold the check as long as it holds queries: minutes.
      await withDeadline(db.ping(), timeoutMs)
    } catch (e) {
      database = 'down'
      error = e instanceof Error ? e.message : String(e)
      set.status = 503
    }
    return {
      status: database === 'ok' ? 'ok' : 'degraded',
      database,
      driver: db.driver,
      databaseLatencyMs: Math.round((performance.now() - started) * 100) / 100,
      uptimeSeconds: Math.round(process.uptime()),
      rssBytes: process.memoryUsage().rss,
      ...(error ? { error } : {}),
    }
  })
}
