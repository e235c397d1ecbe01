import { count, inArray } from 'drizzle-orm'
import type { Db } from '../db'
import { punches } from '../db/schema'

/** Per device: its punches, and those read in an assumed zone (to be re-read once the zone is set). */
export interface DevicePunchCounts {
  total: number
  inAssumedZone: number
}

/** Punch counts of each device in `sns`, in one grouped query; devices without punches are absent. */
export async function punchCountsByDevice(
  db: Db,
  sns: readonly string[],
): Promise<Map<string, DevicePunchCounts>> {
  if (sns.length === 0) return new Map()
  const rows = await db
    .select({ sn: punches.sn, n: count(), assumed: count(punches.assumedZone) })
    .from(punches)
    .where(inArray(punches.sn, [...sns]))
    .groupBy(punches.sn)
  return new Map(rows.map((r) => [r.sn, { total: r.n, inAssumedZone: r.assumed }]))
}
