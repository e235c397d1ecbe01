import type { DatabaseSync } from 'node:sqlite'
import { inTransaction } from './transaction'
import type { OperlogEntry } from './types'

export interface OplogStore {
  /** Queues one OPERLOG sub-record line (without line ending) for upload; returns its id. */
  addOplog(kind: string, line: string): number
  unsentOplog(limit: number): OperlogEntry[]
  /** Marks exactly these records sent, in one transaction. */
  markOplogSent(ids: readonly number[]): number
  /** Marks every kept record unsent again (the server's stamp `0`); returns how many. */
  resendAllOplog(): number
  countUnsentOplog(): number
}

interface OplogRow {
  id: number
  kind: string
  line: string
  created_at: string
  sent_at: string | null
}

export function createOplogStore(db: DatabaseSync): OplogStore {
  const insert = db.prepare('INSERT INTO oplog (kind, line, created_at) VALUES (?, ?, ?)')
  const unsent = db.prepare('SELECT * FROM oplog WHERE sent_at IS NULL ORDER BY id LIMIT ?')
  const markSent = db.prepare('UPDATE oplog SET sent_at = ? WHERE id = ? AND sent_at IS NULL')
  const countUnsent = db.prepare('SELECT count(*) AS n FROM oplog WHERE sent_at IS NULL')
  const resend = db.prepare('UPDATE oplog SET sent_at = NULL WHERE sent_at IS NOT NULL')

  return {
    addOplog: (kind, line) =>
      Number(insert.run(kind, line, new Date().toISOString()).lastInsertRowid),
    unsentOplog: (limit) =>
      (unsent.all(limit) as unknown as OplogRow[]).map((row) => ({
        id: row.id,
        kind: row.kind,
        line: row.line,
        createdAt: row.created_at,
        sentAt: row.sent_at,
      })),
    markOplogSent: (ids) =>
      inTransaction(db, () => {
        const at = new Date().toISOString()
        let changed = 0
        for (const id of ids) changed += Number(markSent.run(at, id).changes)
        return changed
      }),
    resendAllOplog: () => Number(resend.run().changes),
    countUnsentOplog: () => (countUnsent.get() as { n: number }).n,
  }
}
