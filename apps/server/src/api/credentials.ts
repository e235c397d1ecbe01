import { Elysia, t } from 'elysia'
import { actorName } from '../audit/actor'
import { cardHexOf, storedCard } from '../people/card-number'
import type { ApiDeps } from './deps'
import { rowId } from './id-params'
import { oneOf, PIN_PATTERN, pinParams } from './people-schemas'
import type { WithPrincipal } from './with-principal'

const tags = ['credentials']

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
        detail: {
          summary:
            'Delete a template; queues the matching DATA DELETE FINGERTMP/FACE/FVEIN/BIODATA to their devices',
          tags,
        },
      },
    )
}
