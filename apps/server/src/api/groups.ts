import { Elysia, t } from 'elysia'
import { actorName } from '../audit/actor'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { rowId } from './id-params'
import { Instant } from './page-query'
import type { WithPrincipal } from './with-principal'

const tags = ['groups']
const idParams = t.Object({ id: rowId('serial') })
const groupBody = t.Object(
  { name: t.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
)

/** A group with how many devices and people it has. */
export const GroupSchema = t.Object({
  id: t.Integer(),
  name: t.String(),
  deviceCount: t.Integer(),
  personCount: t.Integer(),
  createdAt: Instant,
})

/** What removing something from devices queued. */
const DeletedSchema = t.Object({
  deleted: t.Integer(),
  queued: t.Integer({ description: 'commands queued to devices' }),
})

/** Groups tie people to devices: everyone of a group is provisioned on every device of it. */
export function groupRoutes({ people }: Pick<ApiDeps, 'people'>) {
  return new Elysia<'', WithPrincipal>({ name: 'api-groups' })
    .get('/groups', () => people.listGroups(), {
      response: apiReplies({ 200: t.Array(GroupSchema) }),
      detail: { summary: 'List groups with device and person counts', tags },
    })
    .get('/groups/:id', ({ params }) => people.getGroup(params.id), {
      params: idParams,
      response: apiReplies({ 200: GroupSchema }, 400, 404),
      detail: { summary: 'Get a group', tags },
    })
    .post(
      '/groups',
      async ({ body, set }) => {
        const group = await people.createGroup(body.name.trim())
        set.status = 201
        return group
      },
      {
        body: groupBody,
        parse: 'json',
        response: apiReplies({ 201: GroupSchema }, 400, 409),
        detail: { summary: 'Create a group', tags },
      },
    )
    .patch('/groups/:id', ({ params, body }) => people.renameGroup(params.id, body.name.trim()), {
      params: idParams,
      body: groupBody,
      parse: 'json',
      response: apiReplies({ 200: GroupSchema }, 400, 404, 409),
      detail: { summary: 'Rename a group', tags },
    })
    .delete(
      '/groups/:id',
      async ({ params, principal }) => ({
        deleted: params.id,
        queued: await people.deleteGroup(actorName(principal), params.id),
      }),
      {
        params: idParams,
        response: apiReplies({ 200: DeletedSchema }, 400, 404),
        detail: {
          summary:
            'Delete a group; members are deleted from devices they no longer share a group with',
          tags,
        },
      },
    )
}
