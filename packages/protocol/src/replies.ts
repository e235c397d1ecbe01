import { md5Hex } from './md5'
import { zkSecondsFromUtcDate } from './time/zk-seconds'
import { formatUtcOffset } from './time/zone'

/**
 * The acknowledgement body: `OK`, or `OK:<n>` for record uploads (no space, no LF, as in the vendor example).
 * @example formatOkReply(9) // 'OK:9'
 */
export function formatOkReply(n?: number): string {
  return n === undefined ? 'OK' : `OK:${n}`
}

/** A terminal's reading of an upload reply. */
export type OkReply = { ok: true; count?: number } | { ok: false; error: string }

/**
 * Reads an upload reply as a terminal must: `OK`, `OK:9`, `OK:9\n`, `OK: 9` (extra lines after it ignored) are ok;
 * anything else (`ERROR: 3`, `[object Object]`, empty) is not and the batch must be re-sent.
 * @example parseOkReply('OK: 3') // { ok: true, count: 3 }
 */
export function parseOkReply(body: string): OkReply {
  const first = body.split('\n')[0]?.trim() ?? ''
  const m = /^OK(?::\s*(\d+))?$/.exec(first)
  if (!m) return { ok: false, error: body.trim() === '' ? 'empty reply' : body.trim() }
  return m[1] === undefined ? { ok: true } : { ok: true, count: Number.parseInt(m[1], 10) }
}

/**
 * Security PUSH `/iclock/registry` acceptance body.
 * @example formatRegistryReply('abc123') // 'RegistryCode=abc123'
 */
export function formatRegistryReply(code: string): string {
  return `RegistryCode=${code}`
}

/**
 * The registry code in a `/iclock/registry` reply, or undefined.
 * @example parseRegistryReply('RegistryCode=abc123\n') // 'abc123'
 */
export function parseRegistryReply(body: string): string | undefined {
  const m = /^\s*RegistryCode=([^\r\n]*)/i.exec(body)
  return m?.[1]?.trim() || undefined
}

/** Security PUSH communication settings (`/iclock/push` reply and the registered init block). */
export interface PushConfig {
  serverVersion: string
  serverName: string
  pushVersion: string
  errorDelay: number
  /** seconds between getrequest polls */
  requestDelay: number
  transTimes: string
  transInterval: number
  transTables: string[]
  realtime: boolean
  sessionId: string
  timeoutSec: number
  /** any other key, spelled as on the wire (BioPhotoFun, NewVFStyles, …) */
  extra?: Record<string, string>
}

function configLines(c: PushConfig, versionKey: string): string[] {
  const lines = [
    `ServerVersion=${c.serverVersion}`,
    `ServerName=${c.serverName}`,
    `${versionKey}=${c.pushVersion}`,
    `ErrorDelay=${c.errorDelay}`,
    `RequestDelay=${c.requestDelay}`,
    `TransTimes=${c.transTimes}`,
    `TransInterval=${c.transInterval}`,
    `TransTables=${c.transTables.join(' ')}`,
    `Realtime=${c.realtime ? 1 : 0}`,
    `SessionID=${c.sessionId}`,
    `TimeoutSec=${c.timeoutSec}`,
    ...Object.entries(c.extra ?? {}).map(([k, v]) => `${k}=${v}`),
  ]
  for (const l of lines)
    if (/[\r\n]/.test(l)) throw new RangeError(`value contains a line break: ${l}`)
  return lines
}

/**
 * Init reply for a registered Security PUSH device (`registry=ok`, `RegistryCode=`, then the settings).
 * @example formatRegistryOkBlock('c0de', config).startsWith('registry=ok\nRegistryCode=c0de\n') // true
 */
export function formatRegistryOkBlock(registryCode: string, c: PushConfig): string {
  return ['registry=ok', `RegistryCode=${registryCode}`, ...configLines(c, 'PushProtVer')].join(
    '\n',
  )
}

/**
 * `/iclock/push` reply body, in the vendor example's key order.
 * @example formatPushConfigReply(config).split('\n')[0] // 'ServerVersion=3.0.1'
 */
export function formatPushConfigReply(c: PushConfig): string {
  return configLines(c, 'PushVersion').join('\n')
}

const KNOWN_CONFIG_KEYS = new Set([
  'registry',
  'registrycode',
  'serverversion',
  'servername',
  'pushprotver',
  'pushversion',
  'errordelay',
  'requestdelay',
  'transtimes',
  'transinterval',
  'transtables',
  'realtime',
  'sessionid',
  'timeoutsec',
])

/**
 * Parses a `/iclock/push` reply or registered init block (CRLF tolerated, `PushProtVer` or `PushVersion`); missing
 * keys take the Security PUSH defaults (RequestDelay 30, TransInterval 2, Realtime 1, TimeoutSec 10).
 * @example parsePushConfig('registry=ok\nRegistryCode=c0de\nRequestDelay=2').requestDelay // 2
 */
export function parsePushConfig(
  body: string,
): PushConfig & { registry?: boolean; registryCode?: string } {
  const map = new Map<string, string>()
  const extra: Record<string, string> = {}
  for (const raw of body.split('\n')) {
    const line = raw.replace(/\r$/, '')
    if (line.trim() === '') continue
    const eq = line.indexOf('=')
    const key = (eq < 0 ? line : line.slice(0, eq)).trim()
    const value = eq < 0 ? '' : line.slice(eq + 1)
    const lower = key.toLowerCase()
    if (KNOWN_CONFIG_KEYS.has(lower)) {
      if (!map.has(lower)) map.set(lower, value)
    } else if (!Object.hasOwn(extra, key)) {
      Object.defineProperty(extra, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
  }
  const int = (k: string, d: number) => {
    const v = map.get(k)?.trim()
    return v !== undefined && /^-?\d+$/.test(v) ? Number.parseInt(v, 10) : d
  }
  const out: PushConfig & { registry?: boolean; registryCode?: string } = {
    serverVersion: map.get('serverversion') ?? '',
    serverName: map.get('servername') ?? '',
    pushVersion: map.get('pushprotver') ?? map.get('pushversion') ?? '',
    errorDelay: int('errordelay', 60),
    requestDelay: int('requestdelay', 30),
    transTimes: map.get('transtimes') ?? '00:00;14:00',
    transInterval: int('transinterval', 2),
    transTables: (map.get('transtables') ?? 'User Transaction')
      .split(/\s+/)
      .filter((t) => t !== ''),
    realtime: (map.get('realtime') ?? '1').trim() === '1',
    sessionId: map.get('sessionid') ?? '',
    timeoutSec: int('timeoutsec', 10),
  }
  if (map.has('registry')) out.registry = map.get('registry')?.trim().toLowerCase() === 'ok'
  if (map.has('registrycode')) out.registryCode = map.get('registrycode') ?? ''
  if (Object.keys(extra).length > 0) out.extra = extra
  return out
}

/**
 * Security PUSH table-upload acknowledgement (`<tablename>=<count>`).
 * @example formatTableCountReply('user', 1) // 'user=1'
 */
export function formatTableCountReply(table: string, n: number): string {
  return `${table}=${n}`
}

/**
 * Reads a `<tablename>=<count>` acknowledgement, or undefined.
 * @example parseTableCountReply('user=1') // { table: 'user', count: 1 }
 */
export function parseTableCountReply(body: string): { table: string; count: number } | undefined {
  const m = /^\s*([^=\s]+)=(\d+)\s*$/.exec(body)
  return m ? { table: m[1] as string, count: Number.parseInt(m[2] as string, 10) } : undefined
}

/**
 * `/iclock/rtdata?type=time` reply: zk-seconds of the UTC wall clock and the server zone.
 * @example formatRtdataTimeReply(new Date('2018-02-22T14:54:54Z'), 330) // 'DateTime=583080894,ServerTZ=+0530'
 */
export function formatRtdataTimeReply(instant: Date, offsetMinutes: number): string {
  return `DateTime=${zkSecondsFromUtcDate(instant)},ServerTZ=${formatUtcOffset(offsetMinutes)}`
}

/**
 * Reads an rtdata time reply, or undefined.
 * @example parseRtdataTimeReply('DateTime=583080894,ServerTZ=+0530') // { zkSeconds: 583080894, offsetMinutes: 330 }
 */
export function parseRtdataTimeReply(
  body: string,
): { zkSeconds: number; offsetMinutes: number } | undefined {
  const m = /DateTime=(\d+)\s*,\s*ServerTZ=([+-])(\d\d):?(\d\d)/i.exec(body)
  if (!m) return undefined
  const minutes = Number(m[3]) * 60 + Number(m[4])
  return { zkSeconds: Number(m[1]), offsetMinutes: m[2] === '-' ? -minutes : minutes }
}

/**
 * The Security PUSH session token: lower-hex MD5 of RegistryCode + SN + SessionID.
 * @example accessToken('c0de', 'SN1', 'sid') // md5Hex('c0deSN1sid')
 */
export function accessToken(registryCode: string, sn: string, sessionId: string): string {
  return md5Hex(`${registryCode}${sn}${sessionId}`)
}
