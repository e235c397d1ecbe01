import {
  type AttlogRecord,
  formatTableCountReply,
  type OperlogRecord,
  parseInt32,
  parseOptionsBody,
  parseRtlog,
  parseRtstate,
  parseTabledata,
  type RecordLine,
  type RejectedLine,
  rtlogToAttlog,
} from '@webroster/protocol'
import type { DeviceRow } from '../devices'
import { ingestOperlog } from '../ingest/operlog-ingest'
import { storeRejected } from '../ingest/rejected-lines'
import { type DeviceCall, deviceFor, zoneOf } from './device-call'
import { fanOutEnrolled } from './fan-out-enrolled'
import { deviceReply, notStoredReply } from './reply'
import { decodeBodyText } from './request-body'
import { storePunches } from './store-punches'

/**
 * `table=rtlog` (Security PUSH access events): events with a person become punches; the others are kept as
 * rejected lines with the reason, never dropped silently.
 */
export async function rtlogUpload(
  call: DeviceCall,
  row: DeviceRow,
  text: string,
): Promise<Response> {
  const parsed = parseRtlog(text)
  const records: AttlogRecord[] = []
  const sources: RecordLine[] = []
  const notPunches: RejectedLine[] = []
  parsed.records.forEach((r, i) => {
    const source = parsed.sources?.[i] ?? { line: i + 1, text: '' }
    const punch = rtlogToAttlog(r)
    if (punch) {
      records.push(punch)
      sources.push(source)
    } else
      notPunches.push({ ...source, reason: `access event ${r.event} is not an attendance punch` })
  })
  await storePunches(
    call,
    row,
    'rtlog',
    { records, rejected: parsed.rejected, sources },
    notPunches,
  )
  return deviceReply('OK', call.now)
}

/** `table=rtstate`: door, relay and alarm state go to the device's telemetry. */
export async function rtstateUpload(
  call: DeviceCall,
  row: DeviceRow,
  text: string,
): Promise<Response> {
  const parsed = parseRtstate(text)
  const last = parsed.records[parsed.records.length - 1]
  if (last) call.services.presence.seen(row.sn, call.now, { telemetry: { rtstate: last } })
  await storeRejected(call.services.db, row.sn, 'rtstate', parsed.rejected)
  return deviceReply('OK', call.now)
}

/** Security PUSH table rows as the OPERLOG records the ingest already stores. */
function asOperlog(tableName: string, text: string) {
  const parsed = parseTabledata(tableName, text)
  const records: OperlogRecord[] = []
  const rejected: RejectedLine[] = [...parsed.rejected]
  parsed.records.forEach((r, i) => {
    if (r.user) {
      const u = r.user
      records.push({
        kind: 'USER',
        pin: u.pin,
        name: u.name,
        privilege: u.privilege,
        password: u.password,
        card: u.cardNo,
        group: parseInt32(u.group),
        timeZones: '',
        verify: parseInt32(u.verify),
        viceCard: '',
      })
    } else if (r.template) {
      const t = r.template
      records.push({
        kind: 'FP',
        pin: t.pin,
        fid: t.fingerId,
        size: t.size,
        valid: t.duress ? 3 : t.valid,
        template: t.template,
      })
    } else if (r.biodata) records.push(r.biodata)
    else {
      // The line as sent: a value may hold a CR that no serialiser would write back.
      const source = parsed.sources?.[i] ?? { line: i + 1, text: '' }
      rejected.push({ ...source, reason: `table ${r.table} is not stored` })
    }
  })
  return { records, rejected, count: parsed.records.length + parsed.rejected.length }
}

/** `table=tabledata&tablename=<t>`: stores users and templates; replies `<t>=<n>`. */
export async function tabledataUpload(
  call: DeviceCall,
  row: DeviceRow,
  tableName: string,
  text: string,
): Promise<Response> {
  const { services } = call
  const { records, rejected, count } = asOperlog(tableName, text)
  const outcome = await ingestOperlog(services.db, row.sn, zoneOf(call, row), records)
  await storeRejected(services.db, row.sn, `tabledata:${tableName}`, rejected)
  await fanOutEnrolled(services, row.sn, outcome.enrolled)
  return deviceReply(formatTableCountReply(tableName || 'tabledata', count), call.now)
}

/** `POST /iclock/querydata`: answers to DATA COUNT / DATA QUERY / GET OPTIONS. */
export async function querydata(call: DeviceCall, sn: string, body: Uint8Array): Promise<Response> {
  const { services, now } = call
  const { row, admission } = await deviceFor(call, sn)
  if (admission !== 'admitted') return notStoredReply(call.request, now, 'not-admitted')
  const type = call.req.type?.trim().toLowerCase()
  if (type === 'tabledata') {
    return tabledataUpload(call, row, call.req.tableName ?? '', decodeBodyText(body))
  }
  if (type === 'options') {
    const options = parseOptionsBody(decodeBodyText(body))
    await services.devices.mergeOptions(sn, options)
  }
  return deviceReply('OK', now)
}
