import { inArray, sql } from 'drizzle-orm'
import type { ServerConfig } from '../config'
import type { Db } from '../db'
import { loginFailures } from '../db/schema'
import { RateLimitedError } from '../errors'

/** N failures within the window lock the key for the window's length. */
export interface LockoutRule {
  maxFailures: number
  minutes: number
}

/** The lockout the configuration sets. */
export function lockoutRule(config: ServerConfig): LockoutRule {
  return { maxFailures: config.loginMaxFailures, minutes: config.loginLockoutMinutes }
}

/** An address may be an office's NAT: it gets this many times an account's failures before it is locked. */
export const ADDRESS_FACTOR = 4

/** The counters a sign-in attempt is charged to, each with its own threshold. */
export function lockoutKeys(
  username: string,
  address: string | undefined,
  rule: LockoutRule,
): Array<{ key: string; maxFailures: number }> {
  return [
    { key: `account:${username}`, maxFailures: rule.maxFailures },
    ...(address
      ? [{ key: `address:${address}`, maxFailures: rule.maxFailures * ADDRESS_FACTOR }]
      : []),
  ]
}

/** Seconds until every one of these keys is unlocked; 0 when none is locked. */
export async function lockedSeconds(db: Db, keys: readonly string[], now: Date): Promise<number> {
  const rows = await db
    .select({ lockedUntil: loginFailures.lockedUntil })
    .from(loginFailures)
    .where(inArray(loginFailures.key, [...keys]))
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0))
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0
}

/** Throws RateLimitedError (429, Retry-After) while any of these keys is locked. */
export async function refuseWhileLocked(
  db: Db,
  keys: ReadonlyArray<{ key: string }>,
  now: Date,
): Promise<void> {
  const locked = await lockedSeconds(
    db,
    keys.map((k) => k.key),
    now,
  )
  if (locked > 0) throw new RateLimitedError(locked)
}

/**
 * Counts one failure against each key, in one upsert per key so concurrent server processes count every
 * failure; a count outside the window starts again at 1.
 */
export async function recordFailure(
  db: Db,
  keys: ReadonlyArray<{ key: string; maxFailures: number }>,
  rule: LockoutRule,
  now: Date,
): Promise<void> {
  const at = now.toISOString()
  const windowEdge = new Date(now.getTime() - rule.minutes * 60_000).toISOString()
  const lockEnd = new Date(now.getTime() + rule.minutes * 60_000).toISOString()
  for (const { key, maxFailures } of keys) {
    const stale = sql`${loginFailures.windowStart} <= ${windowEdge}::timestamptz`
    const next = sql`case when ${stale} then 1 else ${loginFailures.failures} + 1 end`
    await db
      .insert(loginFailures)
      .values({
        key,
        failures: 1,
        windowStart: now,
        lockedUntil: maxFailures <= 1 ? new Date(lockEnd) : null,
      })
      .onConflictDoUpdate({
        target: loginFailures.key,
        set: {
          failures: next,
          windowStart: sql`case when ${stale} then ${at}::timestamptz else ${loginFailures.windowStart} end`,
          lockedUntil: sql`case when ${next} >= ${maxFailures} then ${lockEnd}::timestamptz else ${loginFailures.lockedUntil} end`,
        },
      })
  }
}

/** Forgets an account's failures after it signed in; its address keeps its count (a sprayer may own one account). */
export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginFailures).where(inArray(loginFailures.key, [key]))
}
