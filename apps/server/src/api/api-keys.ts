import { Elysia, t } from 'elysia'
import { requireScope } from '../auth/principal'
import type { ApiDeps } from './deps'
import { idParams } from './id-params'
import type { WithPrincipal } from './with-principal'

const tags = ['api keys']

/** API keys for third parties under /api/keys; only the admin token may manage them. */
export function apiKeyRoutes({ apiKeys }: Pick<ApiDeps, 'apiKeys'>) {
  return (
    new Elysia<'/keys', WithPrincipal>({ name: 'api-key-routes', prefix: '/keys' })
      // A derive runs before body validation: a non-admin caller gets 403, never a hint about the schema.
      .derive(({ principal }) => {
        requireScope(principal, 'admin')
        return {}
      })
      .post(
        '/',
        async ({ body, set }) => {
          const created = await apiKeys.create(body.name, body.scopes)
          set.status = 201
          return created
        },
        {
          body: t.Object({
            name: t.String({ minLength: 1, maxLength: 100 }),
            scopes: t.Array(t.Union([t.Literal('read'), t.Literal('write')]), {
              minItems: 1,
              uniqueItems: true,
            }),
          }),
          detail: {
            tags,
            summary: 'Create an API key (admin token only); the key is returned once',
          },
        },
      )
      .get('/', () => apiKeys.list(), {
        detail: { tags, summary: 'List API keys, without secrets (admin token only)' },
      })
      .delete(
        '/:id',
        async ({ params, set }) => {
          await apiKeys.revoke(params.id)
          set.status = 204
        },
        {
          params: idParams,
          detail: {
            tags,
            summary: 'Revoke an API key: it gets 401 from then on (admin token only)',
          },
        },
      )
  )
}
