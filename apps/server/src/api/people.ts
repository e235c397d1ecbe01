import { Elysia, t } from 'elysia'
import { actorName } from '../audit/actor'
import { storedCard } from '../people/card-number'
import type { PersonFields } from '../people/people-store'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { pageOf } from './page-query'
import {
  createPersonBody,
  listPeopleQuery,
  PersonSchema,
  pinParams,
  SavedPersonSchema,
  updatePersonBody,
} from './people-schemas'
import type { WithPrincipal } from './with-principal'

type Body = typeof updatePersonBody.static

function toDate(value: string | null | undefined): Date | null | undefined {
  return value === undefined || value === null ? value : new Date(value)
}

/** API body → stored fields: card numbers become decimal, instants become dates. */
export function personFields(body: Body): PersonFields {
  const fields: PersonFields = {}
  if (body.name !== undefined) fields.name = body.name
  if (body.privilege !== undefined) fields.privilege = body.privilege
  if (body.password !== undefined) fields.password = body.password
  if (body.card !== undefined) fields.card = storedCard(body.card)
  if (body.verify !== undefined) fields.verify = body.verify
  const from = toDate(body.validFrom)
  if (from !== undefined) fields.validFrom = from
  const to = toDate(body.validTo)
  if (to !== undefined) fields.validTo = to
  if (body.groupIds !== undefined) fields.groupIds = body.groupIds
  return fields
}

const tags = ['people']

/** People: saving queues USERINFO to their groups' devices, deleting queues DELETE USERINFO. */
export function peopleRoutes({ people }: Pick<ApiDeps, 'people'>) {
  return new Elysia<'', WithPrincipal>({ name: 'api-people' })
    .get(
      '/people',
      ({ query: { q, ...query } }) =>
        people.list({ ...query, ...(q ? { search: q } : {}), limit: query.limit ?? 100 }),
      {
        query: listPeopleQuery,
        response: apiReplies({ 200: pageOf(PersonSchema) }, 400),
        detail: {
          summary: 'List people (keyset by PIN; filter by group or name/PIN search)',
          tags,
        },
      },
    )
    .get('/people/:pin', ({ params }) => people.get(params.pin), {
      params: pinParams,
      response: apiReplies({ 200: PersonSchema }, 400, 404),
      detail: { summary: 'Get a person', tags },
    })
    .post(
      '/people',
      async ({ body, principal, set }) => {
        const { pin, ...rest } = body
        const out = await people.save(actorName(principal), pin, personFields(rest), 'create')
        set.status = 201
        return out
      },
      {
        body: createPersonBody,
        parse: 'json',
        response: apiReplies({ 201: SavedPersonSchema }, 400, 409),
        detail: {
          summary: 'Create a person; queues DATA UPDATE USERINFO to every device of their groups',
          tags,
        },
      },
    )
    .patch(
      '/people/:pin',
      ({ params, body, principal }) =>
        people.save(actorName(principal), params.pin, personFields(body), 'update'),
      {
        params: pinParams,
        body: updatePersonBody,
        parse: 'json',
        response: apiReplies({ 200: SavedPersonSchema }, 400, 404, 409),
        detail: {
          summary:
            'Update a person; re-queues USERINFO to their devices, installs on devices gained, deletes from devices lost',
          tags,
        },
      },
    )
    .delete(
      '/people/:pin',
      async ({ params, principal }) => ({
        deleted: params.pin,
        queued: await people.delete(actorName(principal), params.pin),
      }),
      {
        params: pinParams,
        response: apiReplies(
          { 200: t.Object({ deleted: t.String(), queued: t.Integer() }) },
          400,
          404,
        ),
        detail: {
          summary:
            'Delete a person, their templates and photos; queues DATA DELETE USERINFO to every device they were on',
          tags,
        },
      },
    )
}
