import { Elysia, t } from 'elysia'
import { CONTENT_TYPES } from '../punches'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { punchFilterOf, punchFilterQuery } from './punch-filters'
import type { WithPrincipal } from './with-principal'

/** GET /api/attendance/export: streamed CSV, JSON array or NDJSON of punches. */
export function exportRoutes({
  punches,
  people,
  defaultTimeZone,
}: Pick<ApiDeps, 'punches' | 'people' | 'defaultTimeZone'>) {
  return new Elysia<'/attendance', WithPrincipal>({
    name: 'export-routes',
    prefix: '/attendance',
  }).get(
    '/export',
    async ({ query }) => {
      const format = query.format ?? 'csv'
      const filter = await punchFilterOf(query, { people, defaultTimeZone })
      const name = ['attendance', query.from, query.to]
        .filter(Boolean)
        .join('_')
        .replace(/[^\w.-]/g, '-')
      return new Response(punches.export(filter, format, query.bom === true), {
        headers: {
          'content-type': CONTENT_TYPES[format],
          'content-disposition': `attachment; filename="${name}.${format}"`,
          'cache-control': 'no-store',
        },
      })
    },
    {
      query: t.Object({
        format: t.Optional(t.Union([t.Literal('csv'), t.Literal('json'), t.Literal('ndjson')])),
        ...punchFilterQuery,
        bom: t.Optional(t.Boolean({ description: 'CSV: start with a UTF-8 BOM (for Excel)' })),
      }),
      response: apiReplies(
        {
          200: t.String({
            description:
              'the punches as a file download: text/csv, application/json or application/x-ndjson',
          }),
        },
        400,
      ),
      detail: {
        tags: ['attendance'],
        summary: 'Export punches (streamed CSV, JSON array or NDJSON)',
        description:
          'Ordered by instant. Columns: punch id, PIN, person name, device SN and name, state and verify ' +
          'mode in words, device-local time, UTC instant, source, note. CSV follows RFC 4180; cells that ' +
          "a spreadsheet would run as a formula are prefixed with '.",
      },
    },
  )
}
