import { and, asc, eq, inArray, lte } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { type WebhookEvent, webhookDeliveries, webhooks } from '../db/schema'
import { MAX_ATTEMPTS, retryDelayMs } from './backoff'
import type { DerivedEvent } from './event-sources'

/** A claimed delivery, with what is needed to send it. */
export interface DueDelivery {
  id: number
  event: string
  payload: Record<string, unknown>
  createdAt: Date
  attempts: number
  url: string
  secret: string
}

/** The outcome of one HTTP attempt. */
export interface AttemptOutcome {
  ok: boolean
  status?: number
  error?: string
}

/** Inserts one outbox row per event and active webhook subscribed to it; returns how many. */
/** The events some active webhook subscribes to. */
export async function subscribedEvents(tx: Tx): Promise<Set<WebhookEvent>> {
  const hooks = await tx
    .select({ events: webhooks.events })
    .from(webhooks)
    .where(eq(webhooks.active, true))
  return new Set(hooks.flatMap((h) => h.events))
}

export async function enqueueEvents(tx: Tx, events: DerivedEvent[], now: Date): Promise<number> {
  if (events.length === 0) return 0
  const hooks = await tx
    .select({ id: webhooks.id, events: webhooks.events })
    .from(webhooks)
    .where(eq(webhooks.active, true))
  const rows = events.flatMap((e) =>
    hooks
      .filter((h) => h.events.includes(e.event))
      .map((h) => ({
        webhookId: h.id,
        event: e.event,
        payload: e.data,
        nextAttemptAt: now,
        createdAt: now,
      })),
  )
  for (let i = 0; i < rows.length; i += 500) {
    await tx.insert(webhookDeliveries).values(rows.slice(i, i + 500))
  }
  return rows.length
}

/**
 * Claims up to `limit` due deliveries of active webhooks. Rows are locked with SKIP LOCKED and pushed
 * `leaseMs` into the future before the lock is released, so another server process neither blocks on
 * them nor sends them while this one is; a process that dies mid-send leaves them to be retried once
 * the lease runs out.
 */
export async function claimDue(
  db: Db,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<DueDelivery[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: webhookDeliveries.id,
        event: webhookDeliveries.event,
        payload: webhookDeliveries.payload,
        createdAt: webhookDeliveries.createdAt,
        attempts: webhookDeliveries.attempts,
        url: webhooks.url,
        secret: webhooks.secret,
      })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .where(
        and(
          eq(webhookDeliveries.status, 'pending'),
          lte(webhookDeliveries.nextAttemptAt, now),
          eq(webhooks.active, true),
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      .limit(limit)
      .for('update', { of: webhookDeliveries, skipLocked: true })
    if (rows.length > 0) {
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date(now.getTime() + leaseMs) })
        .where(
          inArray(
            webhookDeliveries.id,
            rows.map((r) => r.id),
          ),
        )
    }
    return rows
  })
}

/**
 * Records an attempt: delivered, or pending again after the backoff, or `failed` once the attempts
 * are spent. Returns the new status.
 */
export async function recordAttempt(
  db: Db,
  delivery: DueDelivery,
  outcome: AttemptOutcome,
  now: Date,
  random: () => number,
): Promise<'delivered' | 'pending' | 'failed'> {
  const attempts = delivery.attempts + 1
  const common = {
    attempts,
    lastStatus: outcome.status ?? null,
    lastError: outcome.ok ? null : (outcome.error ?? 'failed').slice(0, 500),
  }
  const where = and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, 'pending'))
  if (outcome.ok) {
    await db
      .update(webhookDeliveries)
      .set({ ...common, status: 'delivered', deliveredAt: now })
      .where(where)
    return 'delivered'
  }
  const delay = attempts < MAX_ATTEMPTS ? retryDelayMs(attempts, random) : undefined
  if (delay === undefined) {
    await db
      .update(webhookDeliveries)
      .set({ ...common, status: 'failed' })
      .where(where)
    return 'failed'
  }
  await db
    .update(webhookDeliveries)
    .set({ ...common, nextAttemptAt: new Date(now.getTime() + delay) })
    .where(where)
  return 'pending'
}

/** Deletes a webhook's outbox rows (the webhook is gone). */
export async function purgeDeliveries(db: Db | Tx, webhookId: number): Promise<void> {
  await db.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId))
}
