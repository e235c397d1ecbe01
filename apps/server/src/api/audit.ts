import { Elysia, t } from 'elysia'
import { listAudit } from '../audit/audit-log'
import type { AuthContext } from '../auth/request-principal'
import { apiReplies } from './api-replies'
import { Instant, pageOf } from './page-query'
import type { WithPrincipal } from './with-principal'

/** One change as the audit log keeps it. */
const AuditEntrySchema = t.Object({
  id: t.Integer(),
  at: Instant,
  actor: t.String({ description: '`admin`, `key:<name>` or `operator:<username>`' }),
  action: t.String({
    description: 'what was done, such as `operator.create` or `POST /api/people`',
  }),
  entity: t.String(),
  entityId: t.String(),
  before: t.Unknown({ description: 'the entity before the change (secrets redacted), or null' }),
  after: t.Unknown({ description: 'the entity after the change (secrets redacted), or null' }),
})

/** The audit log under /api/audit, newest first (admins only: the access rule in roles.ts). */
export function auditRoutes(auth: AuthContext) {
  return new Elysia<'/audit', WithPrincipal>({ name: 'api-audit', prefix: '/audit' }).get(
    '',
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
      response: apiReplies({ 200: pageOf(AuditEntrySchema) }, 400),
      detail: {
        tags: ['audit'],
        summary: 'Every change: who, what, when, before and after (keyset cursor, newest first)',
      },
    },
  )
}
