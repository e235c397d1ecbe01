import { Elysia, t } from 'elysia'
import { NotFoundError } from '../errors'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { snParams } from './devices'
import { rowId } from './id-params'
import { Instant, pageOf, pageQuery } from './page-query'
import type { WithPrincipal } from './with-principal'

const tags = ['devices']

const LogFileSchema = t.Object({
  id: t.Integer(),
  sn: t.String(),
  fileName: t.String(),
  size: t.Integer({ description: 'bytes' }),
  receivedAt: Instant,
})

/** Log files terminals uploaded (`/iclock/upload-log`, multipart on getrequest): list and download. */
export function deviceLogRoutes({ records }: Pick<ApiDeps, 'records'>) {
  return new Elysia<'', WithPrincipal>({ name: 'api-device-logs' })
    .get(
      '/devices/:sn/logs',
      async ({ params, query }) => {
        const page = await records.logs(params.sn, {
          limit: query.limit ?? 50,
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        })
        return {
          ...page,
          items: page.items.map((l) => ({ ...l, receivedAt: l.receivedAt.toISOString() })),
        }
      },
      {
        params: snParams,
        query: pageQuery,
        response: apiReplies({ 200: pageOf(LogFileSchema) }, 400),
        detail: {
          summary: 'List the log files a device uploaded, newest first (keyset cursor)',
          tags,
        },
      },
    )
    .get(
      '/devices/:sn/logs/:id',
      async ({ params, set }) => {
        const row = await records.logFile(params.sn, params.id)
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
        response: apiReplies(
          { 200: t.String({ description: 'the file as the device uploaded it (text/plain)' }) },
          400,
          404,
        ),
        detail: { summary: 'Download one uploaded log file', tags },
      },
    )
}
