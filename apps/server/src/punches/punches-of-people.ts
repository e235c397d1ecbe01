import { and, asc, inArray } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { punches } from '../db/schema'
import { punchFilterSql } from './punch-filter'

/** A current punch as timesheets read it: the corrected view, never a voided or replaced version. */
export interface CurrentPunch {
  id: number
  pin: string
  sn: string
  at: number
  status: number
}

/**
 * The query of {@link currentPunchesOf}: through the list's filter, so it reads only the months the range needs (the
 * table is partitioned by month).
 */
export function currentPunchesQuery(db: Db | Tx, pins: readonly string[], from: Date, to: Date) {
  return db
    .select({
      id: punches.id,
      pin: punches.pin,
      sn: punches.sn,
      at: punches.punchedAt,
      status: punches.status,
    })
    .from(punches)
    .where(and(inArray(punches.pin, [...pins]), punchFilterSql({ from, to })))
    .orderBy(asc(punches.pin), asc(punches.punchedAt), asc(punches.id))
}

/** Current punches of `pins` from `from` (inclusive) to `to` (exclusive), by person and time, in one query. */
export async function currentPunchesOf(
  db: Db | Tx,
  pins: readonly string[],
  from: Date,
  to: Date,
): Promise<CurrentPunch[]> {
  if (pins.length === 0) return []
  const rows = await currentPunchesQuery(db, pins, from, to)
  return rows.map((r) => ({ ...r, at: r.at.getTime() }))
}
