import { Elysia, t } from 'elysia'
import type { Database } from './db'
import { withDeadline } from './db/deadline'
import { replies } from './http/replies'

const HealthSchema = t.Object({
  status: t.Union([t.Literal('ok'), t.Literal('degraded')]),
  database: t.Union([t.Literal('ok'), t.Literal('down')]),
  driver: t.String({ description: 'postgres or pglite' }),
  databaseLatencyMs: t.Number(),
  uptimeSeconds: t.Integer(),
  rssBytes: t.Integer(),
  error: t.Optional(t.String({ description: 'why the database check failed' })),
})

export interface HealthDeps {
  database: Pick<Database, 'ping' | 'driver'>
  /** How long the database may take to answer before the check says `down` */
  timeoutMs: number
}

/** `GET /healthz` (no auth): process and database status; 503 when the database does not answer. */
export function healthRoutes({ database: db, timeoutMs }: HealthDeps) {
  return new Elysia({ name: 'health' }).get(
    '/healthz',
    async ({ set }) => {
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
    },
    {
      response: replies(
        {
          200: HealthSchema,
          503: t.Object(HealthSchema.properties, { description: 'the database does not answer' }),
        },
        500,
      ),
      detail: {
        tags: ['meta'],
        summary: 'Process and database status (no auth); 503 when the database does not answer',
        security: [],
      },
    },
  )
}
