import { desc, eq, sql } from 'drizzle-orm'
import { Elysia, t } from 'elysia'
import { recordAudit } from '../audit/audit-log'
import { requireScope } from '../auth/principal'
import { generateSecret, hashSecret } from '../auth/tokens'
import { apiKeys } from '../db/schema'
import { NotFoundError } from '../errors'
import type { Services } from '../services'
import { idParams } from './id-params'
import type { WithPrincipal } from './with-principal'

const tags = ['api keys']

function publicKey(row: typeof apiKeys.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }
}

/** API keys for third parties under /api/keys; only admins (the admin token, admin operators) manage them. */
export function apiKeyRoutes(services: Services) {
  const { db } = services
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
          // `write` without `read` would be a key that can change what it cannot see.
          const scopes: Array<'read' | 'write'> = body.scopes.includes('write')
            ? ['read', 'write']
            : ['read']
          const key = generateSecret('wr_key')
          const [row] = await db
            .insert(apiKeys)
            .values({ name: body.name, scopes, keyHash: hashSecret(key) })
            .returning()
          if (!row) throw new Error('insert returned no row')
          await recordAudit(db, {
            actor: principal,
            action: 'key.create',
            entity: 'key',
            entityId: row.id,
            after: publicKey(row),
          })
          set.status = 201
          // Stored hashed: this answer is the only place the key ever appears.
          return { ...publicKey(row), key }
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
      .get(
        '/',
        async () => (await db.select().from(apiKeys).orderBy(desc(apiKeys.id))).map(publicKey),
        {
          detail: { tags, summary: 'List API keys, without secrets (admins only)' },
        },
      )
      .delete(
        '/:id',
        async ({ params, set, principal }) => {
          const [row] = await db
            .update(apiKeys)
            // Revoking twice keeps the first revocation time.
            .set({
              revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${services.now().toISOString()}::timestamptz)`,
            })
            .where(eq(apiKeys.id, params.id))
            .returning()
          if (!row) throw new NotFoundError(`API key ${params.id}`)
          await recordAudit(db, {
            actor: principal,
            action: 'key.revoke',
            entity: 'key',
            entityId: row.id,
            after: publicKey(row),
          })
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
