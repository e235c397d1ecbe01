import { and, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm'
import { people, punchCorrections, punches } from '../db/schema'
import { MAX_ZONE_OFFSET_MS, wallClockText } from './month-ranges'

/** Which punches a list or an export holds; every field narrows it. */
export interface PunchFilter {
  from?: Date
  /** Exclusive */
  to?: Date
  sn?: string
  pin?: string
  /** Only punches from these devices (a group's) */
  sns?: readonly string[]
  /** Only punches of a PIN no person has (enrolled at a terminal, never added here, or deleted since) */
  unknownPerson?: boolean
  /** Also the versions a correction replaced or voided (the history); by default only current punches */
  includeCorrected?: boolean
}

/**
 * `local_time` bounds implied by a `punched_at` range: a punch's wall clock lies within the largest zone offset of
 * its instant. Redundant as a filter, but the table is partitioned by `local_time` (schema/attendance.ts), so
 * these let the planner read only the months a range needs.
 */
function wallClockBounds(from: Date | undefined, to: Date | undefined): SQL | undefined {
  const low = from && wallClockText(new Date(from.getTime() - MAX_ZONE_OFFSET_MS))
  // Rounded up a second: the text has whole seconds, and the bound is exclusive.
  const high = to && wallClockText(new Date(to.getTime() + MAX_ZONE_OFFSET_MS + 1000))
  return and(
    low ? gte(punches.localTime, low) : undefined,
    high ? lt(punches.localTime, high) : undefined,
  )
}

/** The filter as one SQL condition (undefined: every punch). */
export function punchFilterSql(f: PunchFilter): SQL | undefined {
  return and(
    f.from ? gte(punches.punchedAt, f.from) : undefined,
    f.to ? lt(punches.punchedAt, f.to) : undefined,
    wallClockBounds(f.from, f.to),
    f.sn ? eq(punches.sn, f.sn) : undefined,
    f.pin ? eq(punches.pin, f.pin) : undefined,
    // A group without devices matches nothing, not everything.
    f.sns ? (f.sns.length ? inArray(punches.sn, [...f.sns]) : sql`false`) : undefined,
    f.unknownPerson
      ? sql`not exists (select 1 from ${people} where ${people.pin} = ${punches.pin})`
      : undefined,
    // The corrected view every report reads: a punch a correction names was replaced or voided.
    f.includeCorrected
      ? undefined
      : sql`not exists (select 1 from ${punchCorrections} where ${punchCorrections.punchId} = ${punches.id})`,
  )
}

/** Where a keyset page starts: the sort key of the last row of the page before. */
export interface PunchKey {
  /** `punched_at` as Postgres prints it: a JavaScript Date would lose its microseconds */
  at: string
  id: number
}

/**
 * Rows after `key` in (punched_at, id) order, or before it for newest first. Written as a row comparison so
 * the index scan starts at the key: the equivalent `a > x OR (a = x AND id > y)` made Postgres read the index from
 * its start and discard every earlier row (205 ms half a year into a million punches, 0.5 ms so).
 */
export function afterKey(key: PunchKey, newestFirst: boolean): SQL {
  // The key bounds the wall clock too, so a page deep in the list skips the months on the far side of it.
  const at = new Date(key.at)
  if (newestFirst) {
    return and(
      sql`(${punches.punchedAt}, ${punches.id}) < (${key.at}::timestamptz, ${key.id})`,
      wallClockBounds(undefined, at),
    ) as SQL
  }
  return and(
    sql`(${punches.punchedAt}, ${punches.id}) > (${key.at}::timestamptz, ${key.id})`,
    wallClockBounds(at, undefined),
  ) as SQL
}
