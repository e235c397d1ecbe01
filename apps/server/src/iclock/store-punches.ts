import type { AttlogRecord, ParseResult, RejectedLine } from '@webroster/protocol'
import { correctClockIfSkewed, hasFreshWallClockSkew, skewFromPunches } from '../clock'
import type { DeviceRow } from '../devices'
import { conflictReason, toPunchRows } from '../ingest/punch-rows'
import { storeRejected } from '../ingest/rejected-lines'
import { type DeviceCall, zoneOf } from './device-call'

/**
 * Stores punches (group commit) and the rejected lines; resolves to how many punches were accepted. A punch that
 * collides with a stored one of another verify or work code is a rejected line, never dropped silently.
 */
export async function storePunches(
  call: DeviceCall,
  row: DeviceRow,
  table: string,
  parsed: ParseResult<AttlogRecord>,
  extraRejected: RejectedLine[] = [],
): Promise<number> {
  const { services } = call
  const { rows, lines, rejected } = toPunchRows(
    services.zoneClock,
    row.sn,
    zoneOf(call, row),
    parsed.records,
    parsed.sources,
    row.timeZone !== null,
  )
  const conflicts = await services.punches.insert(rows)
  for (const c of conflicts) {
    const source = lines[c.index] ?? { line: c.index + 1, text: '' }
    rejected.push({ ...source, reason: conflictReason(`punch ${c.punchId}`) })
  }
  // Terminals that report no `current_time` (real ZKTeco units) show their clock through real-time punches.
  if (!hasFreshWallClockSkew(row.telemetry, call.now)) {
    const skew = skewFromPunches(
      rows.map((r) => r.punchedAt),
      call.now,
      zoneOf(call, row),
    )
    if (skew) {
      services.presence.seen(row.sn, call.now, { telemetry: { ...skew } })
      await correctClockIfSkewed(services, row, skew)
    }
  }
  await storeRejected(services.db, row.sn, table, [
    ...parsed.rejected,
    ...rejected,
    ...extraRejected,
  ])
  services.log.debug('punches stored', {
    sn: row.sn,
    table,
    accepted: rows.length - conflicts.length,
    rejected: parsed.rejected.length + rejected.length + extraRejected.length,
  })
  return rows.length - conflicts.length
}
