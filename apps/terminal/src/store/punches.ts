import type { DatabaseSync } from 'node:sqlite'
import { inTransaction } from './transaction'
import type { PunchInput, PunchRecord } from './types'

export interface PunchStore {
  /** Commits one punch (its own transaction, durable on return); returns its id. */
  addPunch(punch: PunchInput): number
  /** Commits many punches in one transaction; returns their ids in order. */
  addPunches(punches: readonly PunchInput[]): number[]
  /** The oldest unsent punches, at most `limit`, in commit order. */
  unsentPunches(limit: number): PunchRecord[]
  /** Marks exactly these punches sent (one transaction); already-sent ids keep their first stamp. */
  markPunchesSent(ids: readonly number[], batchId?: string): number
  /** Marks every punch unsent again (the server's stamp `0`: re-upload the whole log); returns how many. */
  resendAllPunches(): number
  countUnsentPunches(): number
  countPunches(): number
  /** The person's latest punch on a device-local day ('YYYY-MM-DD'), for the toggle rule. */
  lastPunchOfDay(pin: string, day: string): PunchRecord | undefined
  /**
   * Punches stamped within device-local 'YYYY-MM-DD HH:MM:SS' `start`..`end` (both inclusive),
   * sent or not, in time order (`DATA QUERY ATTLOG`).
   */
  punchesBetween(start: string, end: string): PunchRecord[]
  /** Deletes every punch (`CLEAR LOG`); returns how many went. */
  clearPunches(): number
}

interface PunchRow {
  id: number
  pin: string
  time: string
  status: number
  verify: number
  workcode: string
  created_at: string
  sent_at: string | null
  batch_id: string | null
}

const toPunch = (row: PunchRow): PunchRecord => ({
  id: row.id,
  pin: row.pin,
  time: row.time,
  status: row.status,
  verify: row.verify,
  workcode: row.workcode,
  createdAt: row.created_at,
  sentAt: row.sent_at,
  batchId: row.batch_id,
})

export function createPunchStore(db: DatabaseSync): PunchStore {
  const insert = db.prepare(
    'INSERT INTO punches (pin, time, status, verify, workcode, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const unsent = db.prepare('SELECT * FROM punches WHERE sent_at IS NULL ORDER BY id LIMIT ?')
  const markSent = db.prepare(
    'UPDATE punches SET sent_at = ?, batch_id = ? WHERE id = ? AND sent_at IS NULL',
  )
  const countUnsent = db.prepare('SELECT count(*) AS n FROM punches WHERE sent_at IS NULL')
  const resend = db.prepare(
    'UPDATE punches SET sent_at = NULL, batch_id = NULL WHERE sent_at IS NOT NULL',
  )
  const countAll = db.prepare('SELECT count(*) AS n FROM punches')
  const lastOfDay = db.prepare(
    'SELECT * FROM punches WHERE pin = ? AND time >= ? AND time < ? ORDER BY time DESC, id DESC LIMIT 1',
  )
  const between = db.prepare(
    'SELECT * FROM punches WHERE time >= ? AND time <= ? ORDER BY time, id',
  )
  const clear = db.prepare('DELETE FROM punches')

  const insertOne = (p: PunchInput): number =>
    Number(
      insert.run(p.pin, p.time, p.status, p.verify, p.workcode ?? '0', new Date().toISOString())
        .lastInsertRowid,
    )

  return {
    addPunch: (p) => inTransaction(db, () => insertOne(p)),
    addPunches: (ps) => inTransaction(db, () => ps.map(insertOne)),
    unsentPunches: (limit) => (unsent.all(limit) as unknown as PunchRow[]).map(toPunch),
    markPunchesSent: (ids, batchId) =>
      inTransaction(db, () => {
        const at = new Date().toISOString()
        let changed = 0
        for (const id of ids) changed += Number(markSent.run(at, batchId ?? null, id).changes)
        return changed
      }),
    resendAllPunches: () => Number(resend.run().changes),
    countUnsentPunches: () => (countUnsent.get() as { n: number }).n,
    countPunches: () => (countAll.get() as { n: number }).n,
    lastPunchOfDay: (pin, day) => {
      // Times are fixed-width 'YYYY-MM-DD HH:MM:SS', so a string range selects the day.
      const row = lastOfDay.get(pin, `${day} `, `${day} ~`) as PunchRow | undefined
      return row && toPunch(row)
    },
    punchesBetween: (start, end) => (between.all(start, end) as unknown as PunchRow[]).map(toPunch),
    clearPunches: () => Number(clear.run().changes),
  }
}
