import { Elysia, t } from 'elysia'
import { requireScope } from '../auth/principal'
import type { ApiDeps } from './deps'
import { idParams } from './id-params'
import type { WithPrincipal } from './with-principal'

const tags = ['api keys']

/** API keys for third parties under /api/keys; only admins (the admin token, admin operators) manage them. */
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
        async ({ body, set, principal }) => {
          const created = await apiKeys.create(principal, body.name, body.scopes)
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
            summary: 'Create an API key (admins only); the key is returned once',
          },
        },
      )
      .get('/', () => apiKeys.list(), {
        detail: { tags, summary: 'List API keys, without secrets (admins only)' },
      })
      .delete(
        '/:id',
        async ({ params, set, principal }) => {
          await apiKeys.revoke(principal, params.id)
          set.status = 204
        },
        {
          params: idParams,
          detail: {
            tags,
            summary: 'Revoke an API key: it gets 401 from then on (admins only)',
          },
        },
      )
  )
}
