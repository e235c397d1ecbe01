import {
  formatHandshakeReply,
  formatPushConfigReply,
  formatRegistryOkBlock,
  formatRegistryReply,
  formatTimeZoneOption,
  type HandshakeStamps,
  negotiatePushVersion,
  parseOptionsBody,
} from '@webroster/protocol'
import type { DeviceRow } from '../devices'
import { decodeBodyText } from '../ingest/body-text'
import { newSessionSecret, pushConfig } from './acc-session'
import {
  type AdmissionDeps,
  type DeviceCall,
  deviceFor,
  type IclockDeps,
  identityOf,
  isAccess,
  zoneOf,
} from './device-call'
import { deviceReply } from './reply'

/** What the handshake and Security PUSH registration need. */
type HandshakeDeps = AdmissionDeps & Pick<IclockDeps, 'commands' | 'log'>

const SERVER_VER = '2.4.1'
const TRANS_FLAG = [
  'AttLog',
  'OpLog',
  'AttPhoto',
  'EnrollUser',
  'ChgUser',
  'EnrollFP',
  'ChgFP',
  'FACE',
  'UserPic',
  'BioPhoto',
]
const STAMP_TABLES: Array<keyof HandshakeStamps> = ['ATTLOG', 'OPERLOG', 'ATTPHOTO', 'BIODATA']

/** Hands back the last stamp the device echoed; never `0`, which would make it re-upload everything. */
function stampsFor(row: DeviceRow, unwritten: Record<string, string>): HandshakeStamps {
  const stamps: HandshakeStamps = {}
  for (const t of STAMP_TABLES) {
    const echoed = unwritten[t] ?? row.stamps[t]
    stamps[t] = echoed && echoed !== '0' ? echoed : '9999'
  }
  return stamps
}

function zoneOption(zone: string, now: Date): number {
  try {
    return formatTimeZoneOption(zone, now)
  } catch {
    // Offsets of 12..60 minutes cannot be expressed; whole hours toward UTC are the least wrong.
    return 0
  }
}

/** The attendance option block (`GET OPTION FROM:`), per-device zone in the unit the firmware expects. */
function attendanceOptions(deps: AdmissionDeps, call: DeviceCall, row: DeviceRow): string {
  const { config, presence } = deps
  const legacy = !call.req.pushver
  return formatHandshakeReply(
    row.sn,
    {
      stamps: stampsFor(row, presence.pendingStamps(row.sn)),
      errorDelay: config.errorDelaySeconds,
      delay: config.pollDelaySeconds,
      transTimes: '00:00;14:05',
      transInterval: 1,
      transFlag: TRANS_FLAG,
      timeZone: zoneOption(zoneOf(config, row), call.now),
      realtime: true,
      encrypt: false,
      serverVer: SERVER_VER,
      pushProtVer: negotiatePushVersion(call.req.pushver, SERVER_VER),
      ...(call.req.pushOptionsFlag === '1' ? { pushOptionsFlag: true } : {}),
    },
    legacy,
  )
}

/** `GET /iclock/cdata?options=all`: option block, `registry=ok` block (acc), or `OK` when not admitted. */
export async function handshake(
  deps: HandshakeDeps,
  call: DeviceCall,
  sn: string,
): Promise<Response> {
  const { now } = call
  const { devices, config } = deps
  const known = await deviceFor(deps, call, sn)
  // Unknown or unapproved devices get `OK`, never 4xx/5xx, so they do not retry in a tight loop.
  if (known.admission !== 'admitted') return deviceReply('OK', now)
  // Handshakes are rare: read the row fresh, and the stamps not yet written from memory (never waiting for a
  // flush, which would wait on other devices' writes).
  const fresh = (await devices.get(sn)) ?? known.row
  let row = await devices.noteIdentity(fresh, identityOf(call.req))
  await deps.commands.noteRestart(sn)
  if (!isAccess(call.req, row, call.request.headers))
    return deviceReply(attendanceOptions(deps, call, row), now)
  // Recognised by its headers alone: remember it, so code without the request (provisioning) knows too.
  if (row.deviceType !== 'acc') row = await devices.patchRow(sn, { deviceType: 'acc' })
  // Security PUSH: an unregistered device is told `OK` and then calls /iclock/registry.
  if (!row.registryCode) return deviceReply('OK', now)
  const sessionId = row.sessionId ?? newSessionSecret()
  if (!row.sessionId) await devices.patchRow(sn, { sessionId })
  const push = pushConfig(
    sessionId,
    call.req.pushver,
    config.pollDelaySeconds,
    config.errorDelaySeconds,
  )
  return deviceReply(formatRegistryOkBlock(row.registryCode, push), now)
}

/** `POST /iclock/registry`: `RegistryCode=…` for an admitted device, 406 to refuse. */
export async function registry(
  deps: HandshakeDeps,
  call: DeviceCall,
  sn: string,
  body: Uint8Array,
): Promise<Response> {
  const { now } = call
  const { row, admission } = await deviceFor(deps, call, sn)
  const options = parseOptionsBody(decodeBodyText(body))
  if (admission !== 'admitted') return deviceReply('refused', now, 406)
  const registryCode = row.registryCode ?? newSessionSecret()
  await deps.devices.patchRow(sn, { registryCode, deviceType: 'acc' })
  await deps.devices.mergeOptions(sn, options, options.FirmVer)
  deps.log.info('device registered', { sn })
  return deviceReply(formatRegistryReply(registryCode), now)
}

/** `POST /iclock/push`: the Security PUSH settings with a new session id. */
export async function pushSettings(
  deps: AdmissionDeps,
  call: DeviceCall,
  sn: string,
): Promise<Response> {
  const { now } = call
  const { row, admission } = await deviceFor(deps, call, sn)
  if (admission !== 'admitted' || !row.registryCode) return deviceReply('OK', now)
  const sessionId = newSessionSecret()
  await deps.devices.patchRow(sn, { sessionId })
  const push = pushConfig(
    sessionId,
    call.req.pushver ?? row.pushver ?? undefined,
    deps.config.pollDelaySeconds,
    deps.config.errorDelaySeconds,
  )
  return deviceReply(formatPushConfigReply(push), now)
}
