import { Elysia, t } from 'elysia'
import { requireScope } from '../auth/principal'
import { NoContentSchema } from '../http/replies'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { idParams } from './id-params'
import { Instant, nullable } from './page-query'
import type { WithPrincipal } from './with-principal'

const tags = ['api keys']

const Scope = t.Union([t.Literal('read'), t.Literal('write')])

/** An API key as the API shows it (`publicKey`): never the secret nor its hash. */
export const ApiKeySchema = t.Object({
  id: t.Integer(),
  name: t.String(),
  scopes: t.Array(Scope),
  createdAt: Instant,
  revokedAt: nullable(Instant),
  lastUsedAt: nullable(Instant),
})

const CreatedApiKeySchema = t.Object({
  ...ApiKeySchema.properties,
  key: t.String({ description: 'the bearer token: shown this once, stored only hashed' }),
})

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
        '',
        async ({ body, set, principal }) => {
          const created = await apiKeys.create(principal, body.name, body.scopes)
          set.status = 201
          return created
        },
        {
          body: t.Object({
            name: t.String({ minLength: 1, maxLength: 100 }),
            scopes: t.Array(Scope, {
              minItems: 1,
              uniqueItems: true,
            }),
          }),
          parse: 'json',
          response: apiReplies({ 201: CreatedApiKeySchema }, 400),
          detail: {
            tags,
            summary: 'Create an API key (admins only); the key is returned once',
          },
        },
      )
      .get('', () => apiKeys.list(), {
        response: apiReplies({ 200: t.Array(ApiKeySchema) }),
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
          response: apiReplies({ 204: NoContentSchema }, 400, 404),
          detail: {
            tags,
            summary: 'Revoke an API key: it gets 401 from then on (admins only)',
          },
        },
      )
  )
}
