import {
  formatOkReply,
  parseAttlog,
  parseAttPhoto,
  parseBiodata,
  parseErrorlog,
  parseIdcard,
  parseOperlog,
  parseOptionsBody,
  parseUserinfo,
} from '@webroster/protocol'
import { attendancePhotos } from '../db/schema'
import type { DeviceRow } from '../devices'
import { ingestOperlog } from '../ingest/operlog-ingest'
import { storeRejected } from '../ingest/rejected-lines'
import { rtlogUpload, rtstateUpload, tabledataUpload } from './access-upload'
import { type DeviceCall, deviceFor, zoneOf } from './device-call'
import { fanOutEnrolled } from './fan-out-enrolled'
import { deviceReply, notStoredReply } from './reply'
import { decodeBodyText } from './request-body'
import { storePunches } from './store-punches'

/** The table an upload is for: `table=`, else legacy `OpStamp` (OPERLOG) or `Stamp` (ATTLOG). */
function tableOf(call: DeviceCall): string {
  const t = call.req.table?.trim()
  if (t) return t
  return call.req.opStamp !== undefined ? 'OPERLOG' : 'ATTLOG'
}

async function operlogFamily(
  call: DeviceCall,
  row: DeviceRow,
  table: string,
  parsed: ReturnType<typeof parseOperlog>,
): Promise<number> {
  const { services } = call
  const outcome = await ingestOperlog(services.db, row.sn, zoneOf(call, row), parsed.records)
  await storeRejected(services.db, row.sn, table, parsed.rejected)
  services.log.info('records stored', {
    sn: row.sn,
    table,
    accepted: outcome.accepted,
    rejected: parsed.rejected.length,
  })
  await fanOutEnrolled(services, row.sn, outcome.enrolled)
  return outcome.accepted
}

/** `POST /iclock/cdata` (and `/iclock/fdata`): acknowledged with `OK…` only once the rows are committed. */
export async function upload(call: DeviceCall, sn: string, body: Uint8Array): Promise<Response> {
  const { services, now } = call
  const stamp = call.req.stamp ?? call.req.opStamp
  const table = call.req.endpoint === 'fdata' ? 'ATTPHOTO' : tableOf(call)
  const sighting = stamp ? { stamps: { [table.toUpperCase()]: stamp } } : {}
  const { row, admission } = await deviceFor(call, sn, sighting)
  if (admission !== 'admitted') return notStoredReply(call.request, now, 'not-admitted')
  const text = () => decodeBodyText(body)
  if (!call.req.table && (call.req.type || call.req.params.FPImage !== undefined)) {
    // PostVerifyData and legacy fingerprint images: kept for inspection, acknowledged once stored.
    const what = call.req.type ?? 'FPImage'
    await storeRejected(services.db, sn, what, [
      { line: 1, text: text().slice(0, 512), reason: `unsupported upload ${what}` },
    ])
    return deviceReply('OK', now)
  }
  switch (table.toUpperCase()) {
    case 'ATTLOG':
      return deviceReply(
        formatOkReply(await storePunches(call, row, 'ATTLOG', parseAttlog(text()))),
        now,
      )
    case 'OPERLOG':
      return deviceReply(
        formatOkReply(await operlogFamily(call, row, 'OPERLOG', parseOperlog(text()))),
        now,
      )
    case 'BIODATA':
      return deviceReply(
        formatOkReply(await operlogFamily(call, row, 'BIODATA', parseBiodata(text()))),
        now,
      )
    case 'IDCARD':
      return deviceReply(
        formatOkReply(await operlogFamily(call, row, 'IDCARD', parseIdcard(text()))),
        now,
      )
    case 'USERINFO':
      // Users arrive here as the answer to `DATA QUERY USERINFO`: the same people as OPERLOG USER records.
      return deviceReply(
        formatOkReply(await operlogFamily(call, row, 'USERINFO', parseUserinfo(text()))),
        now,
      )
    case 'ERRORLOG':
      await operlogFamily(call, row, 'ERRORLOG', parseErrorlog(text()))
      return deviceReply('OK', now)
    case 'ATTPHOTO':
      return attPhoto(call, row, body)
    case 'OPTIONS': {
      const options = parseOptionsBody(text())
      await services.devices.mergeOptions(sn, options, options.FWVersion)
      return deviceReply('OK', now)
    }
    case 'RTLOG':
      return rtlogUpload(call, row, text())
    case 'RTSTATE':
      return rtstateUpload(call, row, text())
    case 'TABLEDATA':
      return tabledataUpload(call, row, call.req.tableName ?? '', text())
    default: {
      // Unknown tables are kept as rejected lines (so nothing vanishes) and acknowledged once stored.
      const lines = text()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l, i) => ({ line: i + 1, text: l, reason: `unsupported table ${table}` }))
      await storeRejected(services.db, sn, table, lines)
      return deviceReply('OK', now)
    }
  }
}

async function attPhoto(call: DeviceCall, row: DeviceRow, body: Uint8Array): Promise<Response> {
  const { services, now } = call
  const photo = parseAttPhoto(body)
  if ('error' in photo) {
    await storeRejected(services.db, row.sn, 'ATTPHOTO', [
      { line: 1, text: decodeBodyText(body.subarray(0, 200)), reason: photo.error },
    ])
    return deviceReply('OK', now)
  }
  await services.db
    .insert(attendancePhotos)
    .values({
      sn: row.sn,
      fileName: photo.fileName,
      pin: photo.pin ?? null,
      localTime: photo.time ?? null,
      image: photo.image,
    })
    .onConflictDoNothing()
  services.log.info('attendance photo stored', { sn: row.sn, fileName: photo.fileName })
  return deviceReply('OK', now)
}
