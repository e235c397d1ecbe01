import { Elysia, t } from 'elysia'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { rowId } from './id-params'
import type { WithPrincipal } from './with-principal'

const settingsReply = t.Object({
  defaultGroupId: t.Union([t.Integer(), t.Null()], {
    description:
      'the group new devices join when admitted and new people join when created without groups; null: off',
  }),
  defaultGroupName: t.Union([t.String(), t.Null()]),
})

const tags = ['settings']

/** Site settings under /api/settings (admins: an area roles.ts does not open to managers). */
export function settingsRoutes({ people }: Pick<ApiDeps, 'people'>) {
  return new Elysia<'', WithPrincipal>({ name: 'api-settings' })
    .get('/settings', () => people.defaultGroup(), {
      response: apiReplies({ 200: settingsReply }),
      detail: { summary: 'Site settings: the default group', tags },
    })
    .patch('/settings', ({ body }) => people.setDefaultGroup(body.defaultGroupId), {
      body: t.Object(
        {
          defaultGroupId: t.Union([rowId('serial'), t.Null()], {
            description: 'null switches the rule off',
          }),
        },
        { additionalProperties: false },
      ),
      parse: 'json',
      response: apiReplies({ 200: settingsReply }, 400, 404),
      detail: { summary: 'Choose the default group, or switch the rule off (null)', tags },
    })
}
