import { Elysia, t } from 'elysia'
import { actorName } from '../audit/actor'
import { cardHexOf, storedCard } from '../people/card-number'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { rowId } from './id-params'
import { Instant, nullable } from './page-query'
import { oneOf, PIN_PATTERN, pinParams, SavedPersonSchema } from './people-schemas'
import type { WithPrincipal } from './with-principal'

const tags = ['credentials']

const TemplateSchema = t.Object({
  id: t.Integer(),
  kind: t.String({ description: 'finger, face, fvein, biodata, …' }),
  bioType: t.Integer(),
  no: t.Integer(),
  index: t.Integer(),
  valid: t.Integer(),
  duress: t.Integer(),
  majorVer: t.String(),
  minorVer: t.String(),
  format: t.Integer(),
  size: t.Integer({ description: 'characters of template data' }),
  sourceSn: nullable(t.String()),
  createdAt: Instant,
  updatedAt: Instant,
  template: t.Optional(t.String({ description: 'the data, with `?include=template` only' })),
})

const PhotoSchema = t.Object({
  kind: t.String(),
  bioType: t.Integer(),
  fileName: t.String(),
  size: t.Integer({ description: 'bytes' }),
  sourceSn: nullable(t.String()),
  updatedAt: Instant,
})

const CredentialsSchema = t.Object({
  pin: t.String(),
  card: nullable(t.String({ description: 'decimal' })),
  cardHex: nullable(t.String({ description: 'the card as `[15CD5B07]`' })),
  templates: t.Array(TemplateSchema),
  photos: t.Array(PhotoSchema),
})

/** Card and biometric templates of a person. */
export function credentialRoutes({ people }: Pick<ApiDeps, 'people'>) {
  return new Elysia<'', WithPrincipal>({ name: 'api-credentials' })
    .get(
      '/people/:pin/credentials',
      async ({ params, query }) => {
        const creds = await people.credentials(params.pin, query.include === 'template')
        return { ...creds, cardHex: cardHexOf(creds.card) }
      },
      {
        params: pinParams,
        query: t.Object({
          include: t.Optional(oneOf(['template'], { description: 'add template data' })),
        }),
        response: apiReplies({ 200: CredentialsSchema }, 400, 404),
        detail: {
          summary:
            'Card, fingerprint / face / BIODATA templates (metadata; ?include=template for data)',
          tags,
        },
      },
    )
    .put(
      '/people/:pin/card',
      ({ params, body, principal }) =>
        people.save(principal, params.pin, { card: storedCard(body.card) }, 'update'),
      {
        params: pinParams,
        body: t.Object(
          { card: t.Union([t.String({ description: 'decimal or `[15CD5B07]`' }), t.Null()]) },
          { additionalProperties: false },
        ),
        parse: 'json',
        response: apiReplies({ 200: SavedPersonSchema }, 400, 404, 409),
        detail: { summary: "Set or clear a person's card; queues USERINFO to their devices", tags },
      },
    )
    .post(
      '/people/:pin/fingerprints/enrol',
      async ({ params, body, principal, set }) => {
        const queued = await people.enrolFingerprint(actorName(principal), params.pin, {
          sn: body.sn,
          finger: body.finger ?? 0,
          overwrite: body.overwrite ?? false,
          ...(body.retry === undefined ? {} : { retry: body.retry }),
        })
        set.status = 201
        return queued
      },
      {
        params: pinParams,
        body: t.Object(
          {
            sn: t.String({ minLength: 1, maxLength: 64, description: 'the terminal to enrol at' }),
            finger: t.Optional(
              t.Integer({ minimum: 0, maximum: 9, description: 'FID, default 0' }),
            ),
            overwrite: t.Optional(
              t.Boolean({ description: 'replace a finger already enrolled under this number' }),
            ),
            retry: t.Optional(t.Integer({ minimum: 0, maximum: 5 })),
          },
          { additionalProperties: false },
        ),
        parse: 'json',
        response: apiReplies({ 201: t.Object({ id: t.Integer() }) }, 400, 404, 409),
        detail: {
          summary:
            'Enrol a fingerprint at a terminal: queues ENROLL_FP PIN= FID= to it (the person must be on it)',
          description:
            'The terminal guides the person, uploads the template (OPERLOG FP) and answers with the outcome: 0 enrolled, 2 already enrolled, 4 poor quality, 5 duplicate of another finger, 6 cancelled, -1003 nobody came, -1002 no fingerprint sensor. The fan-out then takes the template to the other terminals of the person that can use it.',
          tags,
        },
      },
    )
    .delete(
      '/people/:pin/templates/:id',
      async ({ params, principal }) => ({
        deleted: params.id,
        queued: await people.deleteTemplate(principal, params.pin, params.id),
      }),
      {
        params: t.Object({
          pin: t.String({ pattern: PIN_PATTERN }),
          id: rowId(),
        }),
        response: apiReplies(
          { 200: t.Object({ deleted: t.Integer(), queued: t.Integer() }) },
          400,
          404,
        ),
        detail: {
          summary:
            'Delete a template; queues the matching DATA DELETE FINGERTMP/FACE/FVEIN/BIODATA to their devices',
          tags,
        },
      },
    )
}
