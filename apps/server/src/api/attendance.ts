import { PIN_PATTERN } from '@webroster/protocol'
import { Elysia, t } from 'elysia'
import type { PunchRow } from '../punches'
import type { ApiDeps } from './deps'
import type { WithPrincipal } from './with-principal'

function punchView(r: PunchRow) {
  return {
    id: r.id,
    sn: r.sn,
    pin: r.pin,
    localTime: r.localTime,
    punchedAt: r.punchedAt.toISOString(),
    status: r.status,
    verify: r.verify,
    workCode: r.workCode,
    extra: r.extra,
    source: r.source,
    createdBy: r.createdBy,
    note: r.note,
    receivedAt: r.receivedAt.toISOString(),
  }
}

const isoInstant = t.String({ format: 'date-time', description: 'ISO instant' })

/**
 * Punches, oldest first (keyset cursor). Mounted as prefix `/attendance` + `/` like the other `/attendance` plugins: Elysia drops one of `/x` and
 * prefix `/x` + `/` when both exist, whichever is registered second.
 */
export function attendanceRoutes({ punches }: Pick<ApiDeps, 'punches'>) {
  return new Elysia<'/attendance', WithPrincipal>({
    name: 'api-attendance',
    prefix: '/attendance',
  }).get(
    '/',
    async ({ query }) => {
      const page = await punches.list({
        limit: query.limit ?? 100,
        ...(query.sn ? { sn: query.sn } : {}),
        ...(query.pin ? { pin: query.pin } : {}),
        ...(query.from ? { from: new Date(query.from) } : {}),
        ...(query.to ? { to: new Date(query.to) } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      })
      return { items: page.items.map(punchView), nextCursor: page.nextCursor }
    },
    {
      query: t.Object({
        sn: t.Optional(t.String({ maxLength: 64 })),
        pin: t.Optional(t.String({ pattern: PIN_PATTERN })),
        from: t.Optional(isoInstant),
        to: t.Optional(t.String({ format: 'date-time', description: 'ISO instant (exclusive)' })),
        limit: t.Optional(t.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        cursor: t.Optional(t.String({ maxLength: 200 })),
      }),
      detail: {
        summary:
          'Punches: device-local time and UTC instant, status and verify codes (keyset cursor)',
        tags: ['attendance'],
      },
    },
  )
}
