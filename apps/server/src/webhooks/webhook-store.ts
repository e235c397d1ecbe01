import { and, desc, eq, lt } from 'drizzle-orm'
import type { Actor } from '../audit/actor'
import { recordAudit } from '../audit/audit-log'
import type { Principal } from '../auth/principal'
import { idBeforeCursor, idPage } from '../cursor'
import type { Db, Tx } from '../db'
import { type WebhookEvent, webhookDeliveries, webhooks } from '../db/schema'
import { NotFoundError } from '../errors'
import { initCursors } from './event-sources'
import { purgeDeliveries } from './outbox'
import { generateWebhookSecret } from './signature'
import { redactCredentials } from './url-credentials'

export type WebhookRow = typeof webhooks.$inferSelect
export type DeliveryStatus = 'pending' | 'delivered' | 'failed'

/** A webhook as the API shows it: never the secret, and credentials in its URL only to the admin token (the `admin` scope). */
export function publicWebhook(row: WebhookRow, reader: Pick<Principal, 'scopes'>) {
  return {
    id: row.id,
    url: reader.scopes.has('admin') ? row.url : redactCredentials(row.url),
    events: row.events,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  }
}

/** A webhook as its audit rows show it: never the secret, nor credentials in its URL. */
function audited(row: WebhookRow) {
  return { id: row.id, url: redactCredentials(row.url), events: row.events, active: row.active }
}

/** Creates a webhook; the secret is generated unless given. Events start from now, not from history. */
export async function createWebhook(
  db: Db | Tx,
  input: { url: string; events: WebhookEvent[]; secret?: string },
): Promise<WebhookRow> {
  const secret = input.secret ?? generateWebhookSecret()
  await initCursors(db)
  const [row] = await db
    .insert(webhooks)
    .values({ url: input.url, events: [...new Set(input.events)], secret })
    .returning()
  if (!row) throw new Error('insert returned no row')
  return row
}

export async function listWebhooks(db: Db): Promise<WebhookRow[]> {
  return db.select().from(webhooks).orderBy(webhooks.id)
}

export async function getWebhook(db: Db | Tx, id: number): Promise<WebhookRow> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id))
  if (!row) throw new NotFoundError(`webhook ${id}`)
  return row
}

export async function updateWebhook(
  db: Db | Tx,
  id: number,
  patch: { url?: string; events?: WebhookEvent[]; active?: boolean; secret?: string },
): Promise<WebhookRow> {
  const set = {
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
    ...(patch.secret !== undefined ? { secret: patch.secret } : {}),
  }
  if (Object.keys(set).length === 0) return getWebhook(db, id)
  const [row] = await db.update(webhooks).set(set).where(eq(webhooks.id, id)).returning()
  if (!row) throw new NotFoundError(`webhook ${id}`)
  return row
}

/** Deletes a webhook and its outbox rows, in the caller's transaction; returns the row deleted. */
export async function deleteWebhook(tx: Tx, id: number): Promise<WebhookRow> {
  const [gone] = await tx.delete(webhooks).where(eq(webhooks.id, id)).returning()
  if (!gone) throw new NotFoundError(`webhook ${id}`)
  await purgeDeliveries(tx, id)
  return gone
}

/** The delivery log of a webhook, newest first; `before` pages by delivery id. */
export async function listDeliveries(
  db: Db,
  webhookId: number,
  opts: { status?: DeliveryStatus; limit: number; before?: number },
) {
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.webhookId, webhookId),
        opts.status ? eq(webhookDeliveries.status, opts.status) : undefined,
        opts.before ? lt(webhookDeliveries.id, opts.before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(opts.limit + 1)
  const page = idPage(rows, opts.limit)
  return {
    items: page.items.map((d) => ({
      id: d.id,
      event: d.event,
      status: d.status,
      attempts: d.attempts,
      lastStatus: d.lastStatus,
      lastError: d.lastError,
      createdAt: d.createdAt.toISOString(),
      nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      payload: d.payload,
    })),
    nextCursor: page.nextCursor,
  }
}

/** Webhook subscriptions and their delivery log, as the API manages them. */
export class WebhookSubscriptions {
  constructor(private readonly db: Db) {}

  /** Each change is recorded with before and after in the transaction that makes it. */
  create(
    actor: Actor,
    input: { url: string; events: WebhookEvent[]; secret?: string },
  ): Promise<WebhookRow> {
    return this.db.transaction(async (tx) => {
      const row = await createWebhook(tx, input)
      await recordAudit(tx, {
        actor,
        action: 'webhook.create',
        entity: 'webhook',
        entityId: row.id,
        before: null,
        after: audited(row),
      })
      return row
    })
  }

  list(): Promise<WebhookRow[]> {
    return listWebhooks(this.db)
  }

  get(id: number): Promise<WebhookRow> {
    return getWebhook(this.db, id)
  }

  update(
    actor: Actor,
    id: number,
    patch: { url?: string; events?: WebhookEvent[]; active?: boolean; secret?: string },
  ): Promise<WebhookRow> {
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(webhooks).where(eq(webhooks.id, id)).for('update')
      if (!before) throw new NotFoundError(`webhook ${id}`)
      const row = await updateWebhook(tx, id, patch)
      await recordAudit(tx, {
        actor,
        action: 'webhook.update',
        entity: 'webhook',
        entityId: id,
        before: audited(before),
        // A new secret shows only as changed: its value is never recorded.
        after: { ...audited(row), ...(patch.secret !== undefined ? { secretChanged: true } : {}) },
      })
      return row
    })
  }

  async delete(actor: Actor, id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const gone = await deleteWebhook(tx, id)
      await recordAudit(tx, {
        actor,
        action: 'webhook.delete',
        entity: 'webhook',
        entityId: id,
        before: audited(gone),
        after: null,
      })
    })
  }

  /** A webhook's delivery log, newest first, a page at a time; a 404 for an unknown webhook. */
  async deliveries(id: number, opts: { status?: DeliveryStatus; limit: number; cursor?: string }) {
    const { cursor, ...rest } = opts
    // The cursor is checked first: a malformed one is a 400 whether or not the webhook exists.
    const before = cursor === undefined ? undefined : idBeforeCursor(cursor)
    await getWebhook(this.db, id)
    return listDeliveries(this.db, id, { ...rest, ...(before === undefined ? {} : { before }) })
  }
}
