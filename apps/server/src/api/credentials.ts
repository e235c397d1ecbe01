import { Elysia, t } from 'elysia'
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
