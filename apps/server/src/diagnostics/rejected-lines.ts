import type { RejectedLine } from '@webroster/protocol'
import type { Db, Tx } from '../db'
import { rejectedLines } from '../db/schema'
import { statementChunks } from '../db/statement-chunks'

/** Longest line text kept: a garbage upload must not fill the table. */
const MAX_TEXT = 4096
/** Longest reason kept: reasons quote values, and a value may be as long as its line. */
const MAX_REASON = 512

/** Stores the lines of an upload that could not be used, with why, so nothing is dropped silently. */
export async function storeRejected(
  db: Db | Tx,
  sn: string,
  table: string,
  rejected: readonly RejectedLine[],
): Promise<void> {
  const rows = rejected.map((r) => ({
    sn,
    table: table.slice(0, 64),
    line: r.line,
    text: r.text.slice(0, MAX_TEXT),
    reason: r.reason.slice(0, MAX_REASON),
  }))
  for (const chunk of statementChunks(rejectedLines, rows)) {
    await db.insert(rejectedLines).values(chunk)
  }
}
