import { and, desc, eq, lt } from 'drizzle-orm'
import { decodeCursor, encodeCursor } from '../cursor'
import type { Db, Tx } from '../db'
import { auditLog } from '../db/schema'
import { ValidationError } from '../errors'
import { type Actor, actorName } from './actor'

/** One change, as every module reports it. */
export interface AuditEntry {
  actor: Actor
  /** `<entity>.<verb>`, such as `person.update` */
  action: string
  entity: string
  entityId: string | number
  before?: unknown
  after?: unknown
}

/** Fields that hold secrets or their hashes: an audit row says that they changed, never what they are. */
const SECRET_FIELDS = new Set([
  'password',
  'passwordHash',
  'key',
  'keyHash',
  'token',
  'tokenHash',
  'secret',
  'csrfToken',
])

function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redacted)
  if (value instanceof Date) return value.toISOString()
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? '[redacted]' : redacted(v)]),
  )
}

/**
 * Records one change. Pass the transaction that made the change, so the row exists exactly when the change does.
 * @example await recordAudit(tx, { actor: principal, action: 'group.delete', entity: 'group', entityId: 3, before })
 */
export async function recordAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actor: actorName(entry.actor),
    action: entry.action,
    entity: entry.entity,
    entityId: String(entry.entityId),
    before: entry.before === undefined ? null : redacted(entry.before),
    after: entry.after === undefined ? null : redacted(entry.after),
  })
}

export interface AuditQuery {
  entity?: string
  entityId?: string
  actor?: string
  limit: number
  cursor?: string
}

/** Audit rows newest first, keyset-paginated on id (ids only grow, so a page never shifts). */
export async function listAudit(db: Db, query: AuditQuery) {
  const conds = []
  if (query.entity) conds.push(eq(auditLog.entity, query.entity))
  if (query.entityId) conds.push(eq(auditLog.entityId, query.entityId))
  if (query.actor) conds.push(eq(auditLog.actor, query.actor))
  if (query.cursor) {
    const [id] = decodeCursor(query.cursor, 1)
    const n = Number(id)
    if (!Number.isSafeInteger(n)) throw new ValidationError('"cursor" is not one this API returned')
    conds.push(lt(auditLog.id, n))
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1)
  const items = rows.slice(0, query.limit)
  const last = items.at(-1)
  return {
    items: items.map((r) => ({ ...r, at: r.at.toISOString() })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  }
}
