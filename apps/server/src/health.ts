import { Elysia } from 'elysia'
import { withDeadline } from './db/deadline'
import type { Services } from './services'

/** `GET /healthz` (no auth): process and database status; 503 when the database does not answer. */
export function healthRoutes(services: Services) {
  return new Elysia({ name: 'health' }).get('/healthz', async ({ set }) => {
    const started = performance.now()
    let database: 'ok' | 'down' = 'ok'
    let error: string | undefined
    try {
      // A silent database would hold the check as long as it holds queries: minutes.
      await withDeadline(services.database.ping(), services.config.deviceDbTimeoutMs)
    } catch (e) {
      database = 'down'
      error = e instanceof Error ? e.message : String(e)
      set.status = 503
    }
    return {
      status: database === 'ok' ? 'ok' : 'degraded',
      database,
      driver: services.database.driver,
      databaseLatencyMs: Math.round((performance.now() - started) * 100) / 100,
      uptimeSeconds: Math.round(process.uptime()),
      rssBytes: process.memoryUsage().rss,
      ...(error ? { error } : {}),
    }
  })
}
