import { parseOptionsBody } from '@webroster/protocol'
import { decodeBodyText } from '../ingest/body-text'
import { type DeviceCall, deviceFor } from './device-call'
import { deviceReply, notStoredReply } from './reply'
import { tabledata, type UploadDeps } from './upload'

/** `POST /iclock/querydata`: answers to DATA COUNT / DATA QUERY / GET OPTIONS. */
export async function querydata(
  deps: UploadDeps,
  call: DeviceCall,
  sn: string,
  body: Uint8Array,
): Promise<Response> {
  const { now } = call
  const { row, admission } = await deviceFor(deps, call, sn)
  if (admission !== 'admitted') return notStoredReply(call.request, now, 'not-admitted')
  const type = call.req.type?.trim().toLowerCase()
  if (type === 'tabledata') return tabledata(deps, call, row, body)
  if (type === 'options') {
    const options = parseOptionsBody(decodeBodyText(body))
    await deps.devices.mergeOptions(sn, options)
  }
  return deviceReply('OK', now)
}
