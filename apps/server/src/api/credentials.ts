import { formatCardHex } from '@webroster/protocol'
import { Elysia, t } from 'elysia'
import { deleteTemplate, listCredentials } from '../people/credentials'
import { savePerson } from '../people/people-store'
import type { Services } from '../services'
import { cardOrThrow } from './command-request'
import { rowId } from './id-params'
import { oneOf, PIN_PATTERN, pinParams } from './people-schemas'
import { provisionContext } from './provision-context'
import type { WithPrincipal } from './with-principal'

const tags = ['credentials']

/** The bracketed form terminals print, when the stored number has one (it fits in five bytes). */
function cardHexOrNull(card: string | null): string | null {
  if (card === null) return null
  try {
    return formatCardHex(card)
  } catch {
    return null
  }
}

/** Card and biometric templates of a person. */
export function credentialRoutes(services: Services) {
  return new Elysia<'', WithPrincipal>({ name: 'api-credentials' })
    .get(
      '/people/:pin/credentials',
      async ({ params, query }) => {
        const creds = await listCredentials(services.db, params.pin, query.include === 'template')
        return {
          ...creds,
          cardHex: cardHexOrNull(creds.card),
        }
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
        savePerson(
          services.db,
          provisionContext(services, principal),
          params.pin,
          { card: body.card === null || body.card === '' ? null : cardOrThrow(body.card) },
          'update',
        ),
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
        queued: await deleteTemplate(
          services.db,
          provisionContext(services, principal),
          params.pin,
          params.id,
        ),
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
