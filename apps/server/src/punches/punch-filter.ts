import { and, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm'
import { people, punchCorrections, punches } from '../db/schema'

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

/** The filter as one SQL condition (undefined: every punch). */
export function punchFilterSql(f: PunchFilter): SQL | undefined {
  return and(
    f.from ? gte(punches.punchedAt, f.from) : undefined,
    f.to ? lt(punches.punchedAt, f.to) : undefined,
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
  return newestFirst
    ? sql`(${punches.punchedAt}, ${punches.id}) < (${key.at}::timestamptz, ${key.id})`
    : sql`(${punches.punchedAt}, ${punches.id}) > (${key.at}::timestamptz, ${key.id})`
}
