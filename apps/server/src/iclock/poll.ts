import { nameCharset, neverAcknowledges, parseInfo } from '@webroster/protocol'
import { type ClockSkewReading, correctClockIfSkewed, skewFromWallClock } from '../clock'
import type { Sighting } from '../devices'
import {
  type AdmissionDeps,
  type DeviceCall,
  deviceFor,
  type IclockDeps,
  zoneOf,
} from './device-call'
import { storeDeviceLog } from './device-log'
import { deviceReply, notStoredReply } from './reply'

/** Query fields of the seed terminal's poll, and the telemetry name each is kept under. */
const TELEMETRY_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['current_time', 'deviceTime'],
  ['temp', 'temperature'],
  ['uptime', 'uptime'],
  ['disk', 'disk'],
  ['mem', 'memory'],
  ['gitver', 'version'],
]

/** Status fields terminals add to the poll: `INFO=` and the seed terminal's own query fields. */
function sightingOf(call: DeviceCall, skew: ClockSkewReading | undefined): Sighting {
  const p = call.req.params
  const telemetry: Record<string, unknown> = { polledAt: call.now.toISOString(), ...skew }
  let firmware: string | undefined
  let infoIp: string | undefined
  if (call.req.info) {
    const info = parseInfo(call.req.info)
    telemetry.info = info
    firmware = info.firmware || undefined
    infoIp = info.ip || undefined
  }
  for (const [key, name] of TELEMETRY_FIELDS) if (p[key] !== undefined) telemetry[name] = p[key]
  // What the device says its address is (127.0.1.1 on a stock Pi) is telemetry; the socket's peer is shown.
  const reported = p.ip || infoIp
  if (reported) telemetry.reportedIp = reported
  const ip = call.remoteAddress
  firmware = firmware ?? (p.gitver || p.firmware || undefined)
  return { telemetry, ...(ip ? { ip } : {}), ...(firmware ? { firmware } : {}) }
}

/**
 * `GET|POST /iclock/getrequest`: heartbeat, telemetry, and queued commands as `C:<id>:…` lines. An empty poll is
 * answered from memory: last-seen is buffered and pending-command knowledge is cached.
 */
export async function poll(
  deps: AdmissionDeps &
    Pick<IclockDeps, 'commands' | 'zoneClock' | 'clockCorrections' | 'ingest' | 'log' | 'now'>,
  call: DeviceCall,
  sn: string,
  body: Uint8Array | undefined,
): Promise<Response> {
  const { now } = call
  const { commands, log } = deps
  let skew: ClockSkewReading | undefined
  // The sighting is recorded once, with the clock reading taken in the device's zone.
  const { row, admission } = await deviceFor(deps, call, sn, (device) => {
    const deviceTime = call.req.params.current_time
    skew = deviceTime
      ? skewFromWallClock(deps.zoneClock, deviceTime, zoneOf(deps.config, device), now)
      : undefined
    return sightingOf(call, skew)
  })
  if (admission !== 'admitted') {
    return body && body.length > 0
      ? notStoredReply(call.request, now, 'not-admitted')
      : deviceReply('OK', now)
  }
  // Queued before the claim below, so the correction leaves on this very poll with a fresh clock value.
  if (skew) await correctClockIfSkewed(deps, row, skew)
  if (body && body.length > 0) {
    // A POST poll carries a log file (multipart `file` + `sn`).
    return storeDeviceLog(deps, call, sn, body, true)
  }
  if (commands.nothingDue(sn)) return deviceReply('OK', now)
  let claimed: Awaited<ReturnType<typeof commands.claimForDelivery>>
  try {
    claimed = await commands.claimForDelivery(sn, {
      acknowledges: !neverAcknowledges(call.request.headers.get('user-agent')),
    })
  } catch (e) {
    // Nothing was marked sent (the claim rolled back): an empty answer loses nothing.
    log.warn('command claim failed', { sn, error: (e as Error).message })
    return deviceReply('OK', now)
  }
  if (claimed.length === 0) return deviceReply('OK', now)
  log.info('commands delivered', { sn, ids: claimed.map((c) => c.id) })
  // Names are the only non-ASCII text of a command: they go in the charset of the device's UI language.
  const charset = nameCharset(row.language ?? row.options.Language)
  return deviceReply(claimed.map((c) => `C:${c.id}:${c.text}\n`).join(''), now, 200, {}, charset)
}
