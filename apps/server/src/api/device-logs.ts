import { and, eq } from 'drizzle-orm'
import { Elysia, t } from 'elysia'
import { deviceLogs } from '../db/schema'
import { deviceLogsPage } from '../diagnostics/device-records'
import { NotFoundError } from '../errors'
import type { Services } from '../services'
import { snParams } from './devices'
import { rowId } from './id-params'
import type { WithPrincipal } from './with-principal'

const tags = ['devices']

/** Log files terminals uploaded (`/iclock/upload-log`, multipart on getrequest): list and download. */
export function deviceLogRoutes(services: Services) {
  return new Elysia<'', WithPrincipal>({ name: 'api-device-logs' })
    .get(
      '/devices/:sn/logs',
      ({ params, query }) =>
        deviceLogsPage(services.db, params.sn, {
          limit: query.limit ?? 50,
          ...(query.before === undefined ? {} : { before: query.before }),
        }),
      {
        params: snParams,
        query: t.Object({
          limit: t.Optional(t.Integer({ minimum: 1, maximum: 500 })),
          before: t.Optional(rowId('bigserial', 'page: ids below this one')),
        }),
        detail: { summary: 'List the log files a device uploaded, newest first', tags },
      },
    )
    .get(
      '/devices/:sn/logs/:id',
      async ({ params, set }) => {
        const [row] = await services.db
          .select()
          .from(deviceLogs)
          .where(and(eq(deviceLogs.sn, params.sn), eq(deviceLogs.id, params.id)))
        if (!row) throw new NotFoundError(`log ${params.id} of device ${params.sn}`)
        set.headers['content-type'] = 'text/plain; charset=utf-8'
        set.headers['content-disposition'] =
          `attachment; filename="${row.fileName.replace(/[^\w.-]/g, '_')}"`
        return new Response(new Uint8Array(row.content), {
          headers: set.headers as Record<string, string>,
        })
      },
      {
        params: t.Object({ sn: snParams.properties.sn, id: rowId() }),
        detail: { summary: 'Download one uploaded log file', tags },
      },
    )
}
