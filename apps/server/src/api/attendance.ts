import { Elysia, t } from 'elysia'
import { type ListedPunch, publicPunch } from '../punches'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { pageOf } from './page-query'
import { punchFilterOf, punchFilterQuery } from './punch-filters'
import { ListedPunchSchema } from './punch-schemas'
import type { WithPrincipal } from './with-principal'

function punchView(r: ListedPunch): typeof ListedPunchSchema.static {
  return {
    ...publicPunch(r),
    personName: r.personName,
    unknownPerson: r.personName === null,
    corrects: r.corrects,
    correctedBy: r.correctedBy,
    extra: r.extra,
    receivedAt: r.receivedAt.toISOString(),
  }
}

/**
 * Punches, newest first by default (keyset cursor). Every `/attendance` plugin spells the collection as the
 * prefix alone (`''`): Elysia drops one of `/x` and prefix `/x` + `/` when both exist, whichever is registered
 * second, and the API documents one spelling of each path.
 */
export function attendanceRoutes(deps: Pick<ApiDeps, 'punches' | 'people' | 'defaultTimeZone'>) {
  return new Elysia<'/attendance', WithPrincipal>({
    name: 'api-attendance',
    prefix: '/attendance',
  }).get(
    '',
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
      response: apiReplies({ 200: pageOf(ListedPunchSchema) }, 400),
      detail: {
        summary:
          'Punches with the person, state and verify mode in words, newest first (keyset cursor)',
        tags: ['attendance'],
      },
    },
  )
}
