import type { AttlogRecord, ParseResult, RejectedLine } from '@webroster/protocol'
import {
  type ClockCorrectionDeps,
  correctClockIfSkewed,
  hasFreshWallClockSkew,
  skewFromPunches,
  type ZoneClock,
} from '../clock'
import type { Db } from '../db'
import type { DeviceRow, PresenceBuffer } from '../devices'
import { storeRejected } from '../diagnostics/rejected-lines'
import type { PunchBatcher } from '../punches'
import { conflictReason, toPunchRows } from './punch-rows'

/** What storing punches needs: the group commit, the zone clock, and the clock-skew evidence they carry. */
export interface StorePunchesDeps extends ClockCorrectionDeps {
  db: Db
  punches: PunchBatcher
  zoneClock: ZoneClock
  presence: PresenceBuffer
}

/** What a punch upload stored: punches accepted, and every line not stored with why. */
export interface StoredPunches {
  accepted: number
  rejected: RejectedLine[]
}

/**
 * Stores punches (group commit) and the rejected lines; resolves once both are committed. A punch that collides
 * with a stored one of another verify or work code is a rejected line, never dropped silently.
 */
export async function storePunches(
  deps: StorePunchesDeps,
  row: DeviceRow,
  zone: string,
  table: string,
  parsed: ParseResult<AttlogRecord>,
  now: Date,
  extraRejected: readonly RejectedLine[] = [],
): Promise<StoredPunches> {
  const { rows, lines, rejected } = toPunchRows(
    deps.zoneClock,
    row.sn,
    zone,
    parsed.records,
    parsed.sources,
    row.timeZone !== null,
  )
  const conflicts = await deps.punches.insert(rows)
  for (const c of conflicts) {
    const source = lines[c.index] ?? { line: c.index + 1, text: '' }
    rejected.push({ ...source, reason: conflictReason(`punch ${c.punchId}`) })
  }
  // Terminals that report no `current_time` (real ZKTeco units) show their clock through real-time punches.
  if (!hasFreshWallClockSkew(row.telemetry, now)) {
    const skew = skewFromPunches(
      rows.map((r) => r.punchedAt),
      now,
      zone,
    )
    if (skew) {
      deps.presence.seen(row.sn, now, { telemetry: { ...skew } })
      await correctClockIfSkewed(deps, row, skew)
    }
  }
  const all = [...parsed.rejected, ...rejected, ...extraRejected]
  await storeRejected(deps.db, row.sn, table, all)
  const accepted = rows.length - conflicts.length
  deps.log.debug('punches stored', { sn: row.sn, table, accepted, rejected: all.length })
  return { accepted, rejected: all }
}
