import type { AttlogRecord, ParseResult, RejectedLine } from '@webroster/protocol'
import type { DeviceRow } from '../devices'
import { toPunchRows } from '../ingest/punch-rows'
import { storeRejected } from '../ingest/rejected-lines'
import { type DeviceCall, zoneOf } from './device-call'

/** Stores punches (group commit) and the rejected lines; resolves to how many punches were accepted. */
export async function storePunches(
  call: DeviceCall,
  row: DeviceRow,
  table: string,
  parsed: ParseResult<AttlogRecord>,
  extraRejected: RejectedLine[] = [],
): Promise<number> {
  const { services } = call
  const { rows, rejected } = toPunchRows(
    services.zoneClock,
    row.sn,
    zoneOf(call, row),
    parsed.records,
  )
  await services.punches.insert(rows)
  await storeRejected(services.db, row.sn, table, [
    ...parsed.rejected,
    ...rejected,
    ...extraRejected,
  ])
  services.log.debug('punches stored', {
    sn: row.sn,
    table,
    accepted: rows.length,
    rejected: parsed.rejected.length + rejected.length + extraRejected.length,
  })
  return rows.length
}
