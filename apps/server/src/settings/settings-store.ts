import { eq } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { settings } from '../db/schema'

/**
 * The keys of the settings table: the admin token's hash, the site's default group (people/default-group.ts), and
 * the webhook worker's cursors, states and lock.
 */
export type SettingKey = 'admin_token_hash' | 'default_group' | `webhook_${string}`

/** A settings value, or undefined when the key was never written. */
export async function readSetting(db: Db | Tx, key: SettingKey): Promise<string | undefined> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, key))
  return row?.value
}

/** Upserts a settings value. */
export async function writeSetting(db: Db | Tx, key: SettingKey, value: string): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } })
}

/**
 * Writes a value only if the key is absent (first writer wins across server processes); true when this call
 * wrote it.
 */
export async function initSetting(db: Db | Tx, key: SettingKey, value: string): Promise<boolean> {
  const inserted = await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoNothing()
    .returning({ key: settings.key })
  return inserted.length > 0
}

/**
 * Takes the row lock on `key` for the rest of the transaction, or returns false at once when another
 * server process holds it: only one process derives webhook events at a time.
 */
export async function tryLockSetting(tx: Tx, key: SettingKey): Promise<boolean> {
  const rows = await tx
    .select({ key: settings.key })
    .from(settings)
    .where(eq(settings.key, key))
    .for('update', { skipLocked: true })
  return rows.length > 0
}
