import { parseErrorCode } from '@webroster/protocol'
import { Elysia, t } from 'elysia'
import { NotFoundError } from '../errors'
import { activityRange } from '../punches'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { snParams } from './devices'
import { Instant, nullable, pageOf, pageQuery } from './page-query'
import type { WithPrincipal } from './with-principal'

const tags = ['diagnostics']

const RejectedLineSchema = t.Object({
  id: t.Integer(),
  table: t.String({ description: 'ATTLOG, OPERLOG, devicecmd, rtlog, …' }),
  line: t.Integer({ description: 'line number in its upload' }),
  text: t.String({ description: 'the line as received' }),
  reason: t.String(),
  receivedAt: Instant,
})

const DeviceErrorSchema = t.Object({
  id: t.Integer(),
  code: t.String(),
  message: t.String(),
  origin: nullable(t.String()),
  cmdId: nullable(t.String()),
  additional: nullable(t.String()),
  receivedAt: Instant,
  meaning: nullable(t.String({ description: 'the code read by its parts, or null' })),
})

const ActivitySchema = t.Object({
  bucket: t.Union([t.Literal('minute'), t.Literal('hour'), t.Literal('day')]),
  zone: t.String(),
  from: Instant,
  to: Instant,
  punches: t.Integer(),
  people: t.Integer({ description: 'different people' }),
  buckets: t.Array(t.Object({ at: Instant, punches: t.Integer(), people: t.Integer() }), {
    description: 'buckets with at least one punch, oldest first; `at` is the start',
  }),
})

/** What a terminal sent that could not be used, what it reported as errors, and how busy it has been. */
export function diagnosticsRoutes({
  devices,
  records,
  punches,
  defaultTimeZone,
  now,
}: Pick<ApiDeps, 'devices' | 'records' | 'punches' | 'defaultTimeZone' | 'now'>) {
  const zoneOf = async (sn: string) => {
    const row = await devices.get(sn)
    if (!row) throw new NotFoundError(`device ${sn}`)
    return row.timeZone ?? defaultTimeZone
  }
  return new Elysia<'', WithPrincipal>({ name: 'api-diagnostics' })
    .get(
      '/devices/:sn/rejected-lines',
      async ({ params, query }) => {
        await zoneOf(params.sn)
        const page = await records.rejectedLines(params.sn, {
          limit: query.limit ?? 50,
          ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        })
        return {
          ...page,
          items: page.items.map((l) => ({ ...l, receivedAt: l.receivedAt.toISOString() })),
        }
      },
      {
        params: snParams,
        query: pageQuery,
        response: apiReplies({ 200: pageOf(RejectedLineSchema) }, 400, 404),
        detail: {
          summary: 'Lines a device sent that could not be used, with the reason, newest first',
          description:
            'Every table (ATTLOG, OPERLOG, devicecmd, rtlog, …): the line number in its upload, the text as received and why it was refused. Page with `cursor=<nextCursor>`.',
          tags,
        },
      },
    )
    .get(
      '/devices/:sn/errors',
      async ({ params, query }) => {
        await zoneOf(params.sn)
        const page = await records.errors(params.sn, {
          limit: query.limit ?? 50,
          ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        })
        return {
          ...page,
          items: page.items.map((e) => ({
            ...e,
            receivedAt: e.receivedAt.toISOString(),
            meaning: parseErrorCode(e.code)?.text ?? null,
          })),
        }
      },
      {
        params: snParams,
        query: pageQuery,
        response: apiReplies({ 200: pageOf(DeviceErrorSchema) }, 400, 404),
        detail: {
          summary: 'Errors a device reported (ERRORLOG), newest first',
          description:
            'Each with `meaning`, the code read by its parts (origin, module, value), or null for a code of another shape. Page with `cursor=<nextCursor>`.',
          tags,
        },
      },
    )
    .get(
      '/devices/:sn/activity',
      async ({ params, query }) => {
        const zone = await zoneOf(params.sn)
        const bucket = query.bucket ?? 'hour'
        const range = activityRange(bucket, now(), query.from, query.to)
        return punches.activity(params.sn, { bucket, zone, ...range })
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
        response: apiReplies({ 200: ActivitySchema }, 400, 404),
        detail: {
          summary: 'Punches received from a device per minute, hour or day, and distinct people',
          description:
            'Counted by the time the server received each punch, so a backlog shows when it arrived. Buckets with no punch are left out; at most 10000 buckets per request.',
          tags,
        },
      },
    )
}
