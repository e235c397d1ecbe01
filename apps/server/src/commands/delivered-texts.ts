import { and, inArray, like, or } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { commands } from '../db/schema'

/**
 * The command texts of `sns` that are pending for, or were delivered to, their device and either are one of
 * `texts` or are a multi-record command (which holds records too: one per line after the first).
 */
export async function deliveredTexts(
  db: Db | Tx,
  sns: readonly string[],
  texts: readonly string[],
): Promise<Array<{ sn: string; text: string }>> {
  return db
    .select({ sn: commands.sn, text: commands.text })
    .from(commands)
    .where(
      and(
        inArray(commands.sn, [...sns]),
        or(inArray(commands.text, [...texts]), like(commands.text, 'DATA %\n%')),
        // `delivered`: a terminal that never acknowledges got it, and would echo it back like any other.
        inArray(commands.status, ['queued', 'sent', 'succeeded', 'delivered']),
      ),
    )
}
