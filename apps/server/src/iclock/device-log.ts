import {
  type AdmissionDeps,
  type DeviceCall,
  deviceFor,
  type IclockDeps,
  serialOf,
} from './device-call'
import { deviceReply, notStoredReply } from './reply'

/**
 * Stores a multipart log upload (`file`, `sn`) from `/iclock/upload-log` or a POST getrequest. The body was
 * already size-limited when read.
 */
export async function storeDeviceLog(
  deps: AdmissionDeps & Pick<IclockDeps, 'ingest'>,
  call: DeviceCall,
  querySn: string | undefined,
  body: Uint8Array,
  admitted = false,
): Promise<Response> {
  const { now, request } = call
  const type = request.headers.get('content-type') ?? ''
  if (!/^multipart\/form-data/i.test(type))
    return deviceReply('ERROR: expected multipart/form-data', now, 400)
  let form: FormData
  try {
    form = await new Response(new Blob([body as Uint8Array<ArrayBuffer>]), {
      headers: { 'content-type': type },
    }).formData()
  } catch {
    return deviceReply('ERROR: malformed multipart body', now, 400)
  }
  const file = form.get('file')
  const formSn = form.get('sn')
  const sn =
    querySn ??
    (typeof formSn === 'string' ? serialOf({ endpoint: '', params: {}, sn: formSn }) : undefined)
  if (!sn || !(file instanceof Blob)) return deviceReply('ERROR: need file and sn', now, 400)
  if (!admitted) {
    const { admission } = await deviceFor(deps, call, sn)
    if (admission !== 'admitted') return notStoredReply(request, now, 'not-admitted')
  }
  const content = new Uint8Array(await file.arrayBuffer())
  await deps.ingest.logFile(sn, (file instanceof File && file.name) || 'device.log', content)
  return deviceReply('OK', now)
}
