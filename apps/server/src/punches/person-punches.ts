import { asc } from 'drizzle-orm'
import type { Db } from '../db'
import { punches } from '../db/schema'
import { punchFilterSql } from './punch-filter'
import type { PunchRow } from './punch-list'

/**
 * A person's current punches (no corrected or voided versions) with `punched_at` in [from, to), oldest first:
 * the read a timesheet is computed from. Through the list's filter, so it reads only the months the range needs.
 */
export function personPunchesQuery(db: Db, pin: string, from: Date, to: Date) {
  return db
    .select()
    .from(punches)
    .where(punchFilterSql({ pin, from, to }))
    .orderBy(asc(punches.punchedAt), asc(punches.id))
}

/** {@link personPunchesQuery}, executed. */
export function personPunches(db: Db, pin: string, from: Date, to: Date): Promise<PunchRow[]> {
  return personPunchesQuery(db, pin, from, to)
}
