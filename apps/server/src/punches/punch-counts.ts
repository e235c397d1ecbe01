import { count, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../db'
import { people, punches } from '../db/schema'

/** Per device: its punches, those read in an assumed zone (to be re-read once the zone is set), those of no person. */
export interface DevicePunchCounts {
  total: number
  inAssumedZone: number
  unknownPerson: number
}

/** Punch counts of each device in `sns`, in one grouped query; devices without punches are absent. */
export async function punchCountsByDevice(
  db: Db,
  sns: readonly string[],
): Promise<Map<string, DevicePunchCounts>> {
  if (sns.length === 0) return new Map()
  const rows = await db
    .select({
      sn: punches.sn,
      n: count(),
      assumed: count(punches.assumedZone),
      unknown: sql<number>`(count(*) filter (where ${people.pin} is null))::int`,
    })
    .from(punches)
    // Only whether a person has the PIN is read of the people table.
    .leftJoin(people, eq(people.pin, punches.pin))
    .where(inArray(punches.sn, [...sns]))
    .groupBy(punches.sn)
  return new Map(
    rows.map((r) => [
      r.sn,
      { total: r.n, inAssumedZone: r.assumed, unknownPerson: Number(r.unknown) },
    ]),
  )
}
