import type { RejectedLine } from '@webroster/protocol'
import type { Db, Tx } from '../db'
import { rejectedLines } from '../db/schema'

/** Longest line text kept: a garbage upload must not fill the table. */
const MAX_TEXT = 4096

/** Stores the lines of an upload that could not be used, with why, so nothing is dropped silently. */
export async function storeRejected(
  db: Db | Tx,
  sn: string,
  table: string,
  rejected: readonly RejectedLine[],
): Promise<void> {
  if (rejected.length === 0) return
  await db.insert(rejectedLines).values(
    rejected.map((r) => ({
      sn,
      table,
      line: r.line,
      text: r.text.slice(0, MAX_TEXT),
      reason: r.reason,
    })),
  )
}
