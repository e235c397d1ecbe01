import type { DatabaseSync } from 'node:sqlite'
import { inTransaction } from './transaction'
import type { JournalEntry, JournalReceipt } from './types'

export interface JournalStore {
  /**
   * Records a delivered command. A new id (or one received but never finished, e.g. cut by a
   * power loss) answers `execute`; an id with a journaled result answers `done` with that result,
   * which is queued again for sending because the server re-delivering it means it never got it.
   * The same id with another command is a new command: ids are numbers a new server counts from 1 again.
   */
  journalReceive(id: string, command: string): JournalReceipt
  /** Stores the devicecmd result line of an executed command, before anything is sent. */
  journalResult(id: string, resultLine: string): void
  /** Results not yet acknowledged by the server, oldest first. */
  unackedResults(): JournalEntry[]
  /** Marks exactly these results acknowledged, in one transaction. */
  markResultsAcked(ids: readonly string[]): number
  findJournal(id: string): JournalEntry | undefined
}

interface JournalRow {
  id: string
  command: string
  received_at: string
  result: string | null
  executed_at: string | null
  acked_at: string | null
}

const toEntry = (row: JournalRow): JournalEntry => ({
  id: row.id,
  command: row.command,
  receivedAt: row.received_at,
  result: row.result,
  executedAt: row.executed_at,
  ackedAt: row.acked_at,
})

export function createJournalStore(db: DatabaseSync): JournalStore {
  const find = db.prepare('SELECT * FROM command_journal WHERE id = ?')
  const insert = db.prepare(
    'INSERT INTO command_journal (id, command, received_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
  )
  const requeue = db.prepare('UPDATE command_journal SET acked_at = NULL WHERE id = ?')
  const replace = db.prepare(
    'UPDATE command_journal SET command = ?, received_at = ?, result = NULL, executed_at = NULL, acked_at = NULL WHERE id = ?',
  )
  const setResult = db.prepare(
    'UPDATE command_journal SET result = ?, executed_at = ?, acked_at = NULL WHERE id = ?',
  )
  const unacked = db.prepare(
    'SELECT * FROM command_journal WHERE result IS NOT NULL AND acked_at IS NULL ORDER BY executed_at, id',
  )
  const ack = db.prepare(
    'UPDATE command_journal SET acked_at = ? WHERE id = ? AND result IS NOT NULL AND acked_at IS NULL',
  )

  const findEntry = (id: string): JournalEntry | undefined => {
    const row = find.get(id) as JournalRow | undefined
    return row && toEntry(row)
  }

  return {
    journalReceive: (id, command) =>
      inTransaction(db, (): JournalReceipt => {
        const existing = findEntry(id)
        if (existing && existing.command !== command) {
          replace.run(command, new Date().toISOString(), id)
          return { status: 'execute' }
        }
        if (existing?.result != null) {
          if (existing.ackedAt !== null) requeue.run(id)
          return { status: 'done', result: existing.result }
        }
        insert.run(id, command, new Date().toISOString())
        return { status: 'execute' }
      }),
    journalResult: (id, resultLine) =>
      inTransaction(db, () => {
        if (Number(setResult.run(resultLine, new Date().toISOString(), id).changes) === 0) {
          throw new Error(`command ${id} was never journaled as received`)
        }
      }),
    unackedResults: () => (unacked.all() as unknown as JournalRow[]).map(toEntry),
    markResultsAcked: (ids) =>
      inTransaction(db, () => {
        const at = new Date().toISOString()
        let changed = 0
        for (const id of ids) changed += Number(ack.run(at, id).changes)
        return changed
      }),
    findJournal: findEntry,
  }
}
