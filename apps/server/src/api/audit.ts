import { Elysia, t } from 'elysia'
import { listAudit } from '../audit/audit-log'
import type { AuthContext } from '../auth/request-principal'
import type { WithPrincipal } from './with-principal'

/** The audit log under /api/audit, newest first (admins only: the access rule in roles.ts). */
export function auditRoutes(auth: AuthContext) {
  return new Elysia<'/audit', WithPrincipal>({ name: 'api-audit', prefix: '/audit' }).get(
    '/',
    ({ query }) => listAudit(auth.db, { ...query, limit: query.limit ?? 100 }),
    {
      query: t.Object({
        entity: t.Optional(t.String({ maxLength: 100 })),
        entityId: t.Optional(t.String({ maxLength: 200 })),
        actor: t.Optional(
          t.String({
            maxLength: 200,
            description: '`admin`, `key:<name>` or `operator:<username>`',
          }),
        ),
        limit: t.Optional(t.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        cursor: t.Optional(t.String({ maxLength: 200 })),
      }),
      detail: {
        tags: ['audit'],
        summary: 'Every change: who, what, when, before and after (keyset cursor, newest first)',
      },
    },
  )
}
