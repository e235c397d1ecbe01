import { type DeviceRequest, isSerialNumber } from '@webroster/protocol'
import type { ClockCorrectionThrottle, ZoneClock } from '../clock'
import type { CommandQueue } from '../commands'
import type { ServerConfig } from '../config'
import type { Database } from '../db'
import type { DeviceDirectory, DeviceRow, PresenceBuffer, Sighting } from '../devices'
import type { Ingest } from '../ingest/ingest'
import type { Logger } from '../logger'
import { accTokenOk } from './acc-session'
import { type Admission, admit } from './admission'

/** The settings the device protocol reads. */
export type IclockConfig = Pick<
  ServerConfig,
  | 'admission'
  | 'defaultTimeZone'
  | 'pollDelaySeconds'
  | 'errorDelaySeconds'
  | 'maxBodyBytes'
  | 'deviceDbTimeoutMs'
  | 'deviceRateLimit'
  | 'trustedProxies'
  | 'clockSyncThresholdSeconds'
  | 'commandRedeliverySeconds'
>

/** Everything the device protocol calls; each handler names the part it uses. */
export interface IclockDeps {
  /** Only to bound each request's database waits */
  database: Database
  config: IclockConfig
  log: Logger
  now: () => Date
  devices: DeviceDirectory
  presence: PresenceBuffer
  commands: CommandQueue
  zoneClock: ZoneClock
  clockCorrections: ClockCorrectionThrottle
  ingest: Ingest
}

/** What finding and admitting a request's device needs. */
export type AdmissionDeps = Pick<IclockDeps, 'devices' | 'presence' | 'config'>

/** One terminal request as the handlers see it. */
export interface DeviceCall {
  request: Request
  req: DeviceRequest
  method: string
  now: Date
  /** The serial, or undefined when the terminal sent none (or the literal `None`) */
  sn: string | undefined
  /** Where the request came from: the socket's address, or the client a trusted proxy names */
  remoteAddress: string | undefined
  /** The device row the rate check already read for this request (read once a request, not twice) */
  known?: DeviceRow
}

/** A request's device and its admission; only a registered device has a row. */
export type DeviceAdmission =
  | { row: DeviceRow; admission: Exclude<Admission, 'unregistered'> }
  | { row: undefined; admission: 'unregistered' }

/**
 * The serial of a request: `SN`/`sn`, trimmed; `None` (a known terminal bug) counts as missing, and so does a
 * serial the API could not address (the shared serial rule), so no device row exists that no URL can reach.
 */
export function serialOf(req: DeviceRequest): string | undefined {
  const sn = req.sn?.trim()
  if (!sn || sn === 'None' || !isSerialNumber(sn)) return undefined
  return sn
}

/** The IANA zone the device's wall clock runs in. */
export function zoneOf(
  config: Pick<IclockConfig, 'defaultTimeZone'>,
  row: DeviceRow | undefined,
): string {
  return row?.timeZone ?? config.defaultTimeZone
}

/**
 * Whether the terminal speaks Security PUSH (access control), judged only by what that family alone does
 * (protocol reference §1, §2, §10): `DeviceType=acc`, its `Accept: application/push` header, or a row marked
 * `acc` (said so before, or registered through /iclock/registry). A 3.x `pushver` alone is no evidence: the
 * original Webroster terminal, an attendance client, reports `pushver=3.0.0` with no DeviceType.
 */
export function isAccess(req: DeviceRequest, row?: DeviceRow, headers?: Headers): boolean {
  const type = req.deviceType?.trim().toLowerCase()
  if (type) return type === 'acc'
  if (row?.deviceType === 'acc') return true
  return /application\/push/i.test(headers?.get('accept') ?? '')
}

/** What a request says the device is (type, protocol level, language). */
export function identityOf(req: DeviceRequest) {
  return {
    ...(req.deviceType ? { deviceType: req.deviceType.trim().toLowerCase() } : {}),
    ...(req.pushver ? { pushver: req.pushver } : {}),
    ...(req.language ? { language: req.language } : {}),
  }
}

/** Whether a known device's request may be served: the admission rule and, for Security PUSH, its cookie. */
export function admissionOf(
  config: Pick<IclockConfig, 'admission'>,
  call: DeviceCall,
  row: DeviceRow,
): Exclude<Admission, 'unregistered'> {
  const admission = admit(config.admission, row, call.req)
  if (admission === 'admitted' && !accTokenOk(row, call.request.headers.get('cookie'))) {
    return 'bad-token'
  }
  return admission
}

/**
 * The device row (registered on first contact) and whether it may be served. Records the request: the full
 * sighting for an admitted device; for any other only that it knocked, when and from where.
 */
export async function deviceFor(
  deps: AdmissionDeps,
  call: DeviceCall,
  sn: string,
  /** What the request says of the device, or how to read it from the row (a poll's clock reading needs its zone) */
  sighting?: Sighting | ((row: DeviceRow) => Sighting),
): Promise<DeviceAdmission> {
  const { now } = call
  const row = call.known ?? (await deps.devices.find(sn, identityOf(call.req)))
  if (!row) return { row, admission: 'unregistered' }
  const admission = admissionOf(deps.config, call, row)
  if (admission === 'admitted') {
    deps.presence.seen(sn, now, typeof sighting === 'function' ? sighting(row) : sighting)
  } else deps.presence.knocked(sn, now, call.remoteAddress)
  return { row, admission }
}
