import { Elysia, t } from 'elysia'
import { BODY_CONTENT_TYPE } from '../docs/openapi-document'
import { storedCard } from '../people/card-number'
import type { PersonFields } from '../people/people-store'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { pageOf } from './page-query'
import {
  createPersonBody,
  exportQuery,
  importBody,
  importQuery,
  importReply,
  listPeopleQuery,
  PersonSchema,
  personTerminalsReply,
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
export function peopleRoutes({ people, log }: Pick<ApiDeps, 'people' | 'log'>) {
  return new Elysia<'', WithPrincipal>({ name: 'api-people' })
    .post(
      '/people/import',
      ({ body, query, principal }) => people.importCsv(principal, body, query.dryRun === true),
      {
        parse: 'text',
        body: importBody,
        query: importQuery,
        response: apiReplies({ 200: importReply }, 400),
        detail: {
          // The body is a CSV file, whatever Content-Type the client sends with it.
          [BODY_CONTENT_TYPE]: 'text/csv',
          summary:
            'Import people from CSV (dryRun=true: check and report, write nothing); good rows applied, bad rows reported',
          description:
            'One transaction: every row is checked against the file and the stored people, the good rows are ' +
            'created or updated and queued to their terminals in one pass, each bad row is reported with its ' +
            'column and reason. A dry run reports exactly the rows the real run would refuse.',
          tags,
        },
      },
    )
    .get(
      '/people/export',
      ({ query }) =>
        new Response(people.exportCsv(query.bom === true, log), {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': 'attachment; filename="people.csv"',
            'cache-control': 'no-store',
          },
        }),
      {
        query: exportQuery,
        response: apiReplies(
          {
            200: t.String({
              description: 'text/csv: the header row, then one row per person in PIN order',
            }),
          },
          400,
        ),
        detail: {
          summary: 'Export everyone as CSV (streamed; the columns an import takes)',
          tags,
        },
      },
    )
    .get(
      '/people/:pin/terminals',
      async ({ params }) => ({
        pin: params.pin,
        terminals: await people.terminals(params.pin),
      }),
      {
        params: pinParams,
        response: apiReplies({ 200: personTerminalsReply }, 400, 404),
        detail: {
          summary:
            'The terminals a person reaches, with the delivery state of their record on each (queued, delivered, failed)',
          tags,
        },
      },
    )
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
        const out = await people.save(principal, pin, personFields(rest), 'create')
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
        people.save(principal, params.pin, personFields(body), 'update'),
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
        queued: await people.delete(principal, params.pin),
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
