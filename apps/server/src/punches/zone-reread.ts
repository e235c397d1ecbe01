import { and, asc, eq, gt, isNotNull, sql } from 'drizzle-orm'
import type { ZoneClock } from '../clock'
import type { Db } from '../db'
import { punches } from '../db/schema'
import type { DeviceDirectory } from '../devices'
import { ConflictError, NotFoundError } from '../errors'
import type { Logger } from '../logger'
import type { PunchChangeHooks } from './punches'

/** Punches re-read per statement: bounds the JSON parameter and one statement's lock time. */
const CHUNK = 5000

/** What a re-read did: punches given their instant in the zone, and those the zone could not place. */
export interface RereadOutcome {
  reread: number
  unreadable: number
}

/**
 * Re-reads a device's punches that were stored under an assumed zone (nobody had set the device's zone) in
 * `zone`, from the wall-clock time they were sent with, and clears the mark. Idempotent: a second run finds
 * nothing. The conversion stays in JS (the protocol's rule), not Postgres' own zone tables.
 */
export async function rereadAssumedZone(
  db: Db,
  clock: ZoneClock,
  sn: string,
  zone: string,
  changed: PunchChangeHooks['changed'] = async () => {},
): Promise<RereadOutcome> {
  const outcome: RereadOutcome = { reread: 0, unreadable: 0 }
  let after = 0
  for (;;) {
    const rows = await db
      .select({
        id: punches.id,
        pin: punches.pin,
        localTime: punches.localTime,
        punchedAt: punches.punchedAt,
      })
      .from(punches)
      .where(and(eq(punches.sn, sn), isNotNull(punches.assumedZone), gt(punches.id, after)))
      .orderBy(asc(punches.id))
      .limit(CHUNK)
    if (rows.length === 0) return outcome
    after = rows[rows.length - 1]?.id ?? after
    const updates: Array<{ id: number; at: string }> = []
    const moved: Array<{ pin: string; sn: string; at: Date }> = []
    for (const r of rows) {
      try {
        const at = clock.toInstant(r.localTime, zone)
        updates.push({ id: r.id, at: at.toISOString() })
        // The days the punch counted on before, and those it counts on now.
        moved.push({ pin: r.pin, sn, at: r.punchedAt }, { pin: r.pin, sn, at })
      } catch {
        outcome.unreadable++
      }
    }
    if (updates.length > 0) {
      await db.execute(sql`
        update punches p set punched_at = v.at, assumed_zone = null
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as v(id bigint, at timestamptz)
        where p.id = v.id`)
      outcome.reread += updates.length
      await changed(moved)
    }
  }
}

/**
 * Re-reads the device's punches stored under an assumed (default) zone in the zone now set on it. PATCH calls
 * it whenever a zone is set, so an operator who fixes a zone also fixes the punches it got wrong.
 */
export async function rereadInDeviceZone(
  deps: {
    db: Db
    devices: Pick<DeviceDirectory, 'get'>
    zoneClock: ZoneClock
    log: Logger
    /** Told the punches whose instant moved (timesheets recompute their days) */
    punchesChanged?: PunchChangeHooks['changed']
  },
  sn: string,
): Promise<RereadOutcome> {
  const row = await deps.devices.get(sn)
  if (!row) throw new NotFoundError(`device ${sn}`)
  if (!row.timeZone) {
    throw new ConflictError(
      `device ${sn} has no time zone set: set one with PATCH /api/devices/${sn} (that re-reads its punches)`,
    )
  }
  const outcome = await rereadAssumedZone(
    deps.db,
    deps.zoneClock,
    sn,
    row.timeZone,
    deps.punchesChanged,
  )
  if (outcome.reread + outcome.unreadable > 0) {
    deps.log.info('punches re-read in the device zone', { sn, zone: row.timeZone, ...outcome })
  }
  return outcome
}
