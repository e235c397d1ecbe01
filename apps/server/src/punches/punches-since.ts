import { and, asc, gt, lte, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { punches } from '../db/schema'

/** The newest punch id as text ('0' when none), where a reader of new punches starts. */
export async function lastPunchId(db: Db | Tx): Promise<string> {
  const [max] = await db.select({ id: sql<string | null>`max(${punches.id})::text` }).from(punches)
  return max?.id ?? '0'
}

/** Up to `limit` punches after id `afterId` received by `cutoff`, oldest first. */
export function punchesAfter(db: Db | Tx, afterId: number, cutoff: Date, limit: number) {
  return db
    .select()
    .from(punches)
    .where(and(gt(punches.id, afterId), lte(punches.receivedAt, cutoff)))
    .orderBy(asc(punches.id))
    .limit(limit)
}
