import { formatRtdataTimeReply, offsetMinutesAt, parseDeviceRequest } from '@webroster/protocol'
import { Elysia } from 'elysia'
import { whileDatabaseAnswers } from '../db/deadline'
import { errorCause } from '../errors'
import { clientAddress } from '../http/client-address'
import {
  admissionOf,
  type DeviceCall,
  deviceFor,
  type IclockDeps,
  serialOf,
  zoneOf,
} from './device-call'
import { storeDeviceLog } from './device-log'
import { deviceCmd } from './devicecmd'
import { handshake, pushSettings, registry } from './handshake'
import { poll } from './poll'
import { querydata } from './querydata'
import { DeviceRateLimiter } from './rate-limit'
import { deviceReply, notStoredReply } from './reply'
import { BodyTooLarge, readBody } from './request-body'
import { TrustedProxies } from './trusted-proxies'
import { upload } from './upload'

/** Endpoints whose body is data the terminal keeps until it reads `OK`. */
const DATA = new Set(['cdata', 'fdata', 'devicecmd', 'querydata', 'registry', 'upload-log'])

async function route(
  deps: IclockDeps,
  call: DeviceCall,
  body: Uint8Array | undefined,
): Promise<Response> {
  const { req, method, now, sn } = call
  const post = method === 'POST'
  // Data without a serial cannot be stored, so it is not acknowledged either.
  if (!sn && post && DATA.has(req.endpoint) && req.endpoint !== 'upload-log') {
    return notStoredReply(call.request, now, 'missing-sn')
  }
  switch (req.endpoint) {
    case 'cdata':
      if (!sn) return deviceReply('OK', now)
      if (post) return upload(deps, call, sn, body ?? new Uint8Array())
      return req.options?.trim().toLowerCase() === 'all'
        ? handshake(deps, call, sn)
        : deviceReply('OK', now)
    case 'fdata':
      return sn && post ? upload(deps, call, sn, body ?? new Uint8Array()) : deviceReply('OK', now)
    case 'getrequest':
      return sn ? poll(deps, call, sn, body) : deviceReply('OK', now)
    case 'devicecmd':
      return sn && post
        ? deviceCmd(deps, call, sn, body ?? new Uint8Array())
        : deviceReply('OK', now)
    case 'querydata':
      return sn && post
        ? querydata(deps, call, sn, body ?? new Uint8Array())
        : deviceReply('OK', now)
    case 'registry':
      return sn && post
        ? registry(deps, call, sn, body ?? new Uint8Array())
        : deviceReply('OK', now)
    case 'push':
      return sn ? pushSettings(deps, call, sn) : deviceReply('OK', now)
    case 'upload-log':
      return post && body ? storeDeviceLog(deps, call, sn, body) : deviceReply('OK', now)
    case 'rtdata': {
      if (req.type?.trim().toLowerCase() !== 'time') return deviceReply('OK', now)
      const row = sn ? await deps.devices.get(sn) : undefined
      const zone = zoneOf(deps.config, row)
      return deviceReply(formatRtdataTimeReply(now, offsetMinutesAt(zone, now)), now)
    }
    default:
      // ping, exchange (we answer plain: no encryption), file, and anything unknown: `OK`, never 404.
      if (sn) await deviceFor(deps, call, sn)
      return deviceReply('OK', now)
  }
}

interface Gate {
  limiter: DeviceRateLimiter
  proxies: TrustedProxies
}

/**
 * The rate bucket a request spends: its device's once admitted, else its source address's. A serial is only a
 * claim until admission, so flooding under a victim's serial (or rotating `X-Forwarded-For`) spends the
 * flooder's budget, never the victim's.
 */
async function bucketOf(deps: IclockDeps, call: DeviceCall): Promise<string> {
  const known = call.sn ? await deps.devices.peek(call.sn) : undefined
  if (known) call.known = known
  if (known && admissionOf(deps.config, call, known) === 'admitted') return `device:${known.sn}`
  return `address:${call.remoteAddress ?? 'unknown'}`
}

/** Handles one terminal request: body and rate limits, dispatch, and the no-`OK`-unless-stored rule on failure. */
async function handle(deps: IclockDeps, gate: Gate, request: Request, socket: string | undefined) {
  const started = performance.now()
  const now = deps.now()
  const req = parseDeviceRequest(request.url)
  const method = request.method.toUpperCase()
  const sn = serialOf(req)
  const data = method === 'POST' && DATA.has(req.endpoint)
  const remoteAddress = gate.proxies.clientOf(socket, request.headers.get('x-forwarded-for'))
  const call: DeviceCall = { request, req, method, now, sn, remoteAddress }
  let res: Response
  try {
    // Every database wait of the request, the rate bucket's device lookup included, is bounded alike.
    const serve = async () => {
      if (!gate.limiter.take(await bucketOf(deps, call), Date.now())) {
        // Over the rate: data gets a non-OK answer (the device re-sends later), polls a plain `OK`.
        return data ? notStoredReply(request, now, 'rate-limited') : deviceReply('OK', now)
      }
      const body = method === 'POST' ? await readBody(request, deps.config.maxBodyBytes) : undefined
      return route(deps, call, body)
    }
    res = await whileDatabaseAnswers(deps.database, serve(), deps.config.deviceDbTimeoutMs)
  } catch (e) {
    if (e instanceof BodyTooLarge) {
      res = notStoredReply(request, now, 'too-large')
    } else {
      deps.log.error('device request failed', {
        sn,
        endpoint: req.endpoint,
        table: req.table,
        ...errorCause(e),
      })
      // Never `OK` to data that was not stored: 503 makes the terminal re-send it.
      res = data ? notStoredReply(request, now, 'unavailable') : deviceReply('OK', now)
    }
  }
  deps.log.debug('device request', {
    method,
    endpoint: req.endpoint,
    sn,
    table: req.table,
    status: res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
  })
  return res
}

/** The device protocol under /iclock: every endpoint, with or without `.aspx`, and `/iclock/<token>/<endpoint>`. */
export function iclockRoutes(deps: IclockDeps) {
  const gate: Gate = {
    limiter: new DeviceRateLimiter(deps.config.deviceRateLimit),
    proxies: new TrustedProxies(deps.config.trustedProxies),
  }
  return new Elysia({ name: 'iclock', prefix: '/iclock' }).all(
    '/*',
    ({ request, server }) => handle(deps, gate, request, clientAddress(request, server)),
    { parse: 'none' },
  )
}
