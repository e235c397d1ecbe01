import type { DeviceRequest } from '@webroster/protocol'
import type { DeviceRow } from '../devices'
import type { Services } from '../services'
import { accTokenOk } from './acc-session'
import { type Admission, admit } from './admission'

/** One terminal request as the handlers see it. */
export interface DeviceCall {
  services: Services
  request: Request
  req: DeviceRequest
  method: string
  now: Date
  /** The serial, or undefined when the terminal sent none (or the literal `None`) */
  sn: string | undefined
}

/** The serial of a request: `SN`/`sn`, trimmed; `None` (a known terminal bug) counts as missing. */
export function serialOf(req: DeviceRequest): string | undefined {
  const sn = req.sn?.trim()
  if (!sn || sn === 'None' || sn.length > 64 || /[\s/]/.test(sn)) return undefined
  return sn
}

/** The IANA zone the device's wall clock runs in. */
export function zoneOf(call: DeviceCall, row: DeviceRow | undefined): string {
  return row?.timeZone ?? call.services.config.defaultTimeZone
}

/** Whether the terminal speaks Security PUSH (access control): `DeviceType=acc`, or a 3.x level without a type. */
export function isAccess(req: DeviceRequest, row?: DeviceRow): boolean {
  const type = req.deviceType?.trim().toLowerCase()
  if (type) return type === 'acc'
  if (row?.deviceType === 'acc') return true
  return /^3\./.test(req.pushver?.trim() ?? '')
}

/** The device row (registered on first contact) and whether it may be served. */
export async function deviceFor(
  call: DeviceCall,
  sn: string,
): Promise<{ row: DeviceRow; admission: Admission }> {
  const { services, req } = call
  const row = await services.devices.find(sn, {
    ...(req.deviceType ? { deviceType: req.deviceType.trim().toLowerCase() } : {}),
    ...(req.pushver ? { pushver: req.pushver } : {}),
    ...(req.language ? { language: req.language } : {}),
  })
  let admission = admit(services.config.admission, row, req)
  if (admission === 'admitted' && !accTokenOk(row, call.request.headers.get('cookie'))) {
    admission = 'bad-token'
  }
  return { row, admission }
}
