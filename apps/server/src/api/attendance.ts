import { PIN_PATTERN } from '@webroster/protocol'
import { and, asc, eq, gt, gte, lt, or } from 'drizzle-orm'
import { Elysia, t } from 'elysia'
import { decodeCursor, encodeCursor } from '../cursor'
import { punches } from '../db/schema'
import { ValidationError } from '../errors'
import type { Services } from '../services'
import type { WithPrincipal } from './with-principal'

type PunchRow = typeof punches.$inferSelect

function punchCursor(row: PunchRow): string {
  return encodeCursor([row.punchedAt.toISOString(), row.id])
}

function decodePunchCursor(cursor: string): { at: Date; id: number } {
  const [at, id] = decodeCursor(cursor, 2)
  const date = new Date(at ?? '')
  const n = Number(id)
  if (Number.isNaN(date.getTime()) || !Number.isSafeInteger(n)) {
    throw new ValidationError('"cursor" is not one this API returned')
  }
  return { at: date, id: n }
}

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
 * Punches, oldest first, keyset-paginated on (punched_at, id) so pages stay stable while punches arrive.
 * Mounted as prefix `/attendance` + `/` like the other `/attendance` plugins: Elysia drops one of `/x` and
 * prefix `/x` + `/` when both exist, whichever is registered second.
 */
export function attendanceRoutes(services: Services) {
  return new Elysia<'/attendance', WithPrincipal>({
    name: 'api-attendance',
    prefix: '/attendance',
  }).get(
    '/',
    async ({ query }) => {
      const limit = query.limit ?? 100
      const conds = []
      if (query.sn) conds.push(eq(punches.sn, query.sn))
      if (query.pin) conds.push(eq(punches.pin, query.pin))
      if (query.from) conds.push(gte(punches.punchedAt, new Date(query.from)))
      if (query.to) conds.push(lt(punches.punchedAt, new Date(query.to)))
      if (query.cursor) {
        const c = decodePunchCursor(query.cursor)
        conds.push(
          or(gt(punches.punchedAt, c.at), and(eq(punches.punchedAt, c.at), gt(punches.id, c.id))),
        )
      }
      const rows = await services.db
        .select()
        .from(punches)
        .where(and(...conds))
        .orderBy(asc(punches.punchedAt), asc(punches.id))
        .limit(limit + 1)
      const items = rows.slice(0, limit)
      const last = items.at(-1)
      return {
        items: items.map(punchView),
        nextCursor: rows.length > limit && last ? punchCursor(last) : null,
      }
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
