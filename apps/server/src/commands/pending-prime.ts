import { and, gt, inArray, sql } from 'drizzle-orm'
import type { Db } from '../db'
import { commands } from '../db/schema'
import { allDeviceSns } from '../devices'
import type { PendingCache } from './pending-cache'

/**
 * When each known device next has a command due, read for all devices at once: after a start the first poll
 * of every terminal is then answered from memory too (10,000 terminals would otherwise cost 10,000 look-ups).
 */
export async function readPendingForAll(
  db: Db,
  now: Date,
  redeliverySeconds: number,
): Promise<Map<string, number | null>> {
  const due = new Map<string, number | null>((await allDeviceSns(db)).map((sn) => [sn, null]))
  const rows = await db
    .select({
      sn: commands.sn,
      queued: sql<number>`count(*) filter (where ${commands.status} = 'queued')`.mapWith(Number),
      oldestSent: sql<
        number | null
      >`extract(epoch from min(${commands.sentAt}) filter (where ${commands.status} = 'sent' and ${commands.returnCode} is null)) * 1000`.mapWith(
        Number,
      ),
    })
    .from(commands)
    .where(and(inArray(commands.status, ['queued', 'sent']), gt(commands.expiresAt, now)))
    .groupBy(commands.sn)
  for (const r of rows) {
    if (r.queued > 0) due.set(r.sn, now.getTime())
    else if (r.oldestSent === null || Number.isNaN(r.oldestSent)) due.set(r.sn, null)
    else due.set(r.sn, r.oldestSent + redeliverySeconds * 1000)
  }
  return due
}

/** Fills the pending cache for every known device; returns how many entries it set. */
export function primePendingCache(
  db: Db,
  pending: PendingCache,
  now: () => Date,
  redeliverySeconds: number,
): Promise<number> {
  return pending.fill(
    () => readPendingForAll(db, now(), redeliverySeconds),
    () => now().getTime(),
  )
}
