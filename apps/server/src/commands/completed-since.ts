import { and, asc, desc, inArray, isNotNull, lte, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { commands } from '../db/schema'

/** The last completed command as Postgres' text of its completion instant and its id, if any. */
export async function lastCompletedCommand(
  db: Db | Tx,
): Promise<{ at: string; key: string } | undefined> {
  const [last] = await db
    .select({
      at: sql<string>`${commands.completedAt}::text`,
      key: sql<string>`${commands.id}::text`,
    })
    .from(commands)
    .where(isNotNull(commands.completedAt))
    .orderBy(desc(commands.completedAt), desc(commands.id))
    .limit(1)
  return last
}

/**
 * Up to `limit` commands that reached `succeeded`, `failed` or `delivered` after (`at`, `afterId`) and by
 * `cutoff`, oldest first; `at` is each row's completion instant as Postgres text, so cursors compare exactly.
 */
export function commandsCompletedAfter(
  db: Db | Tx,
  after: { at: string; afterId: number },
  cutoff: Date,
  limit: number,
) {
  return db
    .select({
      at: sql<string>`${commands.completedAt}::text`,
      id: commands.id,
      sn: commands.sn,
      type: commands.type,
      status: commands.status,
      reason: commands.reason,
      returnCode: commands.returnCode,
      resultMeaning: commands.resultMeaning,
      result: commands.result,
      createdBy: commands.createdBy,
      completedAt: commands.completedAt,
    })
    .from(commands)
    .where(
      and(
        inArray(commands.status, ['succeeded', 'failed', 'delivered']),
        isNotNull(commands.completedAt),
        lte(commands.completedAt, cutoff),
        sql`(${commands.completedAt}, ${commands.id}) > (${after.at}::timestamptz, ${after.afterId}::integer)`,
      ),
    )
    .orderBy(asc(commands.completedAt), asc(commands.id))
    .limit(limit)
}
