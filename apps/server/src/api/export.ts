import { isTimeZone } from '@webroster/protocol'
import { Elysia, t } from 'elysia'
import { ValidationError } from '../errors'
import { CONTENT_TYPES } from '../punches'
import type { ApiDeps } from './deps'
import { EXPORT_BOUND, instantOf, parseTimeInput } from './time-input'
import type { WithPrincipal } from './with-principal'

/** A `from`/`to` bound: an ISO instant, or a date meaning its midnight in `zone` (`to`: the next one). */
function bound(text: string, zone: string, endOfDay: boolean): Date {
  const input = parseTimeInput(text, endOfDay ? 'to' : 'from', EXPORT_BOUND)
  if (input.kind !== 'date' || !endOfDay) return instantOf(input, zone)
  return instantOf({ kind: 'date', day: new Date(input.day.getTime() + 86_400_000) }, zone)
}

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
      const zone = query.timeZone ?? defaultTimeZone
      if (!isTimeZone(zone)) throw new ValidationError(`unknown time zone: ${zone}`)
      const from = query.from ? bound(query.from, zone, false) : undefined
      const to = query.to ? bound(query.to, zone, true) : undefined
      const filter = {
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(query.sn ? { sn: query.sn } : {}),
        ...(query.pin ? { pin: query.pin } : {}),
        ...(query.group ? { sns: await people.devicesOfGroup(query.group) } : {}),
      }
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
        from: t.Optional(
          t.String({ description: 'ISO instant, or YYYY-MM-DD (midnight in timeZone)' }),
        ),
        to: t.Optional(
          t.String({ description: 'exclusive ISO instant, or YYYY-MM-DD (that day included)' }),
        ),
        timeZone: t.Optional(
          t.String({ description: 'zone of date-only bounds; default: server zone' }),
        ),
        group: t.Optional(t.String({ description: 'device group id or name' })),
        sn: t.Optional(t.String()),
        pin: t.Optional(t.String()),
        bom: t.Optional(t.Boolean({ description: 'CSV: start with a UTF-8 BOM (for Excel)' })),
      }),
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
