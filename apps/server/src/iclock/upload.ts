import { formatOkReply, formatTableCountReply, parseOptionsBody } from '@webroster/protocol'
import type { DeviceRow } from '../devices'
import { decodeBodyText } from '../ingest/body-text'
import { type AdmissionDeps, type DeviceCall, deviceFor, type IclockDeps } from './device-call'
import { deviceReply, notStoredReply } from './reply'

/** What an upload needs: admission, the ingest, and the device directory for OPTIONS. */
export type UploadDeps = AdmissionDeps & Pick<IclockDeps, 'ingest'>

/** The table an upload is for: `table=`, else legacy `OpStamp` (OPERLOG) or `Stamp` (ATTLOG). */
function tableOf(call: DeviceCall): string {
  const t = call.req.table?.trim()
  if (t) return t
  return call.req.opStamp !== undefined ? 'OPERLOG' : 'ATTLOG'
}

/** `POST /iclock/cdata` (and `/iclock/fdata`): acknowledged with `OK…` only once the rows are committed. */
export async function upload(
  deps: UploadDeps,
  call: DeviceCall,
  sn: string,
  body: Uint8Array,
): Promise<Response> {
  const { ingest } = deps
  const { now } = call
  const stamp = call.req.stamp ?? call.req.opStamp
  const table = call.req.endpoint === 'fdata' ? 'ATTPHOTO' : tableOf(call)
  const sighting = stamp ? { stamps: { [table.toUpperCase()]: stamp } } : {}
  const { row, admission } = await deviceFor(deps, call, sn, sighting)
  if (admission !== 'admitted') return notStoredReply(call.request, now, 'not-admitted')
  const text = () => decodeBodyText(body)
  if (!call.req.table && (call.req.type || call.req.params.FPImage !== undefined)) {
    // PostVerifyData and legacy fingerprint images: kept for inspection, acknowledged once stored.
    const what = call.req.type ?? 'FPImage'
    await ingest.reject(sn, what, [
      { line: 1, text: text().slice(0, 512), reason: `unsupported upload ${what}` },
    ])
    return deviceReply('OK', now)
  }
  const upper = table.toUpperCase()
  switch (upper) {
    case 'ATTLOG':
      return deviceReply(formatOkReply((await ingest.attlog(row, body, now)).accepted), now)
    case 'OPERLOG':
    case 'BIODATA':
    case 'IDCARD':
    case 'USERINFO':
      return deviceReply(formatOkReply((await ingest.operlog(row, upper, body)).accepted), now)
    case 'ERRORLOG':
      await ingest.operlog(row, upper, body)
      return deviceReply('OK', now)
    case 'ATTPHOTO':
      await ingest.photo(row, body)
      return deviceReply('OK', now)
    case 'OPTIONS': {
      const options = parseOptionsBody(text())
      await deps.devices.mergeOptions(sn, options, options.FWVersion)
      return deviceReply('OK', now)
    }
    case 'RTLOG':
      await ingest.access(row, 'rtlog', body, now)
      return deviceReply('OK', now)
    case 'RTSTATE':
      await ingest.access(row, 'rtstate', body, now)
      return deviceReply('OK', now)
    case 'TABLEDATA':
      return tabledata(deps, call, row, body)
    default: {
      // Unknown tables are kept as rejected lines (so nothing vanishes) and acknowledged once stored.
      const lines = text()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l, i) => ({ line: i + 1, text: l, reason: `unsupported table ${table}` }))
      await ingest.reject(sn, table, lines)
      return deviceReply('OK', now)
    }
  }
}

/** `table=tabledata&tablename=<t>` (here or through querydata): users and templates; replies `<t>=<n>`. */
export async function tabledata(
  deps: Pick<IclockDeps, 'ingest'>,
  call: DeviceCall,
  row: DeviceRow,
  body: Uint8Array,
): Promise<Response> {
  const tableName = call.req.tableName ?? ''
  const stored = await deps.ingest.access(row, 'tabledata', body, call.now, tableName)
  return deviceReply(
    formatTableCountReply(tableName || 'tabledata', stored.accepted + stored.rejected.length),
    call.now,
  )
}
