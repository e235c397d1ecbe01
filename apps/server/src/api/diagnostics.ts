import { Elysia, t } from 'elysia'
import { activityRange, deviceActivity } from '../diagnostics/device-activity'
import { deviceErrorsPage, rejectedLinesPage } from '../diagnostics/device-records'
import { NotFoundError } from '../errors'
import type { Services } from '../services'
import { snParams } from './devices'
import { rowId } from './id-params'
import type { WithPrincipal } from './with-principal'

const tags = ['diagnostics']

const pageQuery = t.Object({
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 500, default: 50 })),
  before: t.Optional(rowId('bigserial', 'page: ids below this one')),
})

/** What a terminal sent that could not be used, what it reported as errors, and how busy it has been. */
export function diagnosticsRoutes(services: Services) {
  const zoneOf = async (sn: string) => {
    const row = await services.devices.get(sn)
    if (!row) throw new NotFoundError(`device ${sn}`)
    return row.timeZone ?? services.config.defaultTimeZone
  }
  return new Elysia<'', WithPrincipal>({ name: 'api-diagnostics' })
    .get(
      '/devices/:sn/rejected-lines',
      async ({ params, query }) => {
        await zoneOf(params.sn)
        return rejectedLinesPage(services.db, params.sn, {
          limit: query.limit ?? 50,
          ...(query.before !== undefined ? { before: query.before } : {}),
        })
      },
      {
        params: snParams,
        query: pageQuery,
        detail: {
          summary: 'Lines a device sent that could not be used, with the reason, newest first',
          description:
            'Every table (ATTLOG, OPERLOG, devicecmd, rtlog, …): the line number in its upload, the text as received and why it was refused. Page with `before=<nextBefore>`.',
          tags,
        },
      },
    )
    .get(
      '/devices/:sn/errors',
      async ({ params, query }) => {
        await zoneOf(params.sn)
        return deviceErrorsPage(services.db, params.sn, {
          limit: query.limit ?? 50,
          ...(query.before !== undefined ? { before: query.before } : {}),
        })
      },
      {
        params: snParams,
        query: pageQuery,
        detail: {
          summary: 'Errors a device reported (ERRORLOG), newest first',
          description: 'Page with `before=<nextBefore>`.',
          tags,
        },
      },
    )
    .get(
      '/devices/:sn/activity',
      async ({ params, query }) => {
        const zone = await zoneOf(params.sn)
        const bucket = query.bucket ?? 'hour'
        const range = activityRange(bucket, services.now(), query.from, query.to)
        return deviceActivity(services.db, params.sn, { bucket, zone, ...range })
      },
      {
        params: snParams,
        query: t.Object({
          from: t.Optional(
            t.String({
              format: 'date-time',
              description: 'start, inclusive (default: one hour, day or 30 days before `to`)',
            }),
          ),
          to: t.Optional(
            t.String({ format: 'date-time', description: 'end, exclusive (default now)' }),
          ),
          bucket: t.Optional(
            t.Union([t.Literal('minute'), t.Literal('hour'), t.Literal('day')], {
              description: 'bucket size, in the device zone (default hour)',
            }),
          ),
        }),
        detail: {
          summary: 'Punches received from a device per minute, hour or day, and distinct people',
          description:
            'Counted by the time the server received each punch, so a backlog shows when it arrived. Buckets with no punch are left out; at most 10000 buckets per request.',
          tags,
        },
      },
    )
}
