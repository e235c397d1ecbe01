import { Elysia, t } from 'elysia'
import { type ListedPunch, publicPunch } from '../punches'
import type { ApiDeps } from './deps'
import { punchFilterOf, punchFilterQuery } from './punch-filters'
import type { WithPrincipal } from './with-principal'

function punchView(r: ListedPunch) {
  return {
    ...publicPunch(r),
    personName: r.personName,
    /** Flagged: the PIN belongs to no person, so the punch counts for nobody's timesheet */
    unknownPerson: r.personName === null,
    /** This row is a correction's new version of that punch */
    corrects: r.corrects,
    /** Listed with `includeCorrected`: the correction that replaced or voided this version */
    correctedBy: r.correctedBy,
    extra: r.extra,
    receivedAt: r.receivedAt.toISOString(),
  }
}

/**
 * Punches, newest first by default (keyset cursor). Mounted as prefix `/attendance` + `/` like the other
 * `/attendance` plugins: Elysia drops one of `/x` and prefix `/x` + `/` when both exist, whichever is registered
 * second.
 */
export function attendanceRoutes(deps: Pick<ApiDeps, 'punches' | 'people' | 'defaultTimeZone'>) {
  return new Elysia<'/attendance', WithPrincipal>({
    name: 'api-attendance',
    prefix: '/attendance',
  }).get(
    '/',
    async ({ query }) => {
      const page = await deps.punches.list({
        ...(await punchFilterOf(query, deps)),
        limit: query.limit ?? 100,
        sort: query.sort ?? 'newest',
        ...(query.cursor ? { cursor: query.cursor } : {}),
      })
      return { items: page.items.map(punchView), nextCursor: page.nextCursor }
    },
    {
      query: t.Object({
        ...punchFilterQuery,
        sort: t.Optional(
          t.Union([t.Literal('newest'), t.Literal('oldest')], {
            description: 'by instant: newest first (default) or oldest first',
          }),
        ),
        limit: t.Optional(t.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        cursor: t.Optional(t.String({ maxLength: 200 })),
      }),
      detail: {
        summary:
          'Punches with the person, state and verify mode in words, newest first (keyset cursor)',
        tags: ['attendance'],
      },
    },
  )
}
