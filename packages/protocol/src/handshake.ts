/** Per-table resume marks handed back to the device (`ATTLOGStamp=` …). */
export interface HandshakeStamps {
  ATTLOG?: string
  OPERLOG?: string
  ATTPHOTO?: string
  BIODATA?: string
  IDCARD?: string
  ERRORLOG?: string
}

/** The server's option block for an attendance terminal (`GET OPTION FROM:` reply). */
export interface HandshakeOptions {
  stamps: HandshakeStamps
  /** seconds before reconnecting after a failure */
  errorDelay: number
  /** seconds between getrequest polls */
  delay: number
  /** scheduled upload times, `HH:MM;HH:MM` */
  transTimes: string
  /** minutes between checks for new data */
  transInterval: number
  /** format II names: AttLog, OpLog, AttPhoto, EnrollUser, ChgUser, EnrollFP, ChgFP, FPImag, FACE, UserPic, WORKCODE, BioPhoto */
  transFlag: string[]
  /** the `TimeZone` option value (hours or minutes, see timeZoneOption) */
  timeZone: number
  realtime: boolean
  encrypt: boolean
  serverVer: string
  pushProtVer: string
  pushOptionsFlag?: boolean
  pushOptions?: string[]
  multiBioDataSupport?: string
  multiBioPhotoSupport?: string
  supportPing?: boolean
  /** any other key, spelled as on the wire */
  extra?: Record<string, string>
}

const STAMP_TABLES = ['ATTLOG', 'OPERLOG', 'ATTPHOTO', 'BIODATA', 'IDCARD', 'ERRORLOG'] as const
const LEGACY_STAMP_KEYS: Partial<Record<keyof HandshakeStamps, string>> = {
  ATTLOG: 'Stamp',
  OPERLOG: 'OpStamp',
  ATTPHOTO: 'PhotoStamp',
}
/** Format I bit positions (1-based) of the TransFlag names. */
const TRANS_FLAG_BITS = [
  'AttLog',
  'OpLog',
  'AttPhoto',
  'EnrollFP',
  'EnrollUser',
  'FPImag',
  'ChgUser',
  'ChgFP',
  'FACE',
  'UserPic',
  'WORKCODE',
  'BioPhoto',
]

/** Defaults a terminal assumes for keys the server left out (PushProtVer absent means 2.2.14). */
export const HANDSHAKE_DEFAULTS: Readonly<
  Omit<HandshakeOptions, 'stamps' | 'extra' | 'transFlag'>
> & {
  transFlag: readonly string[]
} = {
  errorDelay: 60,
  delay: 30,
  transTimes: '00:00;14:05',
  transInterval: 1,
  transFlag: ['AttLog', 'OpLog'],
  timeZone: 0,
  realtime: true,
  encrypt: false,
  serverVer: '',
  pushProtVer: '2.2.14',
}

const flag = (b: boolean) => (b ? '1' : '0')

/**
 * Builds the handshake reply block; `legacy` (no `pushver` in the request) uses `Stamp`/`OpStamp`/`PhotoStamp`
 * and a format I TransFlag. Throws RangeError when a value contains a line break.
 * @example formatHandshakeReply('A1', opts).split('\n')[0] // 'GET OPTION FROM: A1'
 */
export function formatHandshakeReply(sn: string, o: HandshakeOptions, legacy = false): string {
  const lines: Array<[string, string]> = []
  for (const table of STAMP_TABLES) {
    const value = o.stamps[table]
    if (value === undefined) continue
    const key = legacy ? LEGACY_STAMP_KEYS[table] : `${table}Stamp`
    if (key) lines.push([key, value])
  }
  lines.push(
    ['ErrorDelay', String(o.errorDelay)],
    ['Delay', String(o.delay)],
    ['TransTimes', o.transTimes],
    ['TransInterval', String(o.transInterval)],
    ['TransFlag', legacy ? transFlagBits(o.transFlag) : `TransData ${o.transFlag.join('\t')}`],
    ['TimeZone', String(o.timeZone)],
    ['Realtime', flag(o.realtime)],
    ['Encrypt', flag(o.encrypt)],
    ['ServerVer', o.serverVer],
  )
  if (!legacy) lines.push(['PushProtVer', o.pushProtVer])
  if (o.pushOptionsFlag !== undefined) lines.push(['PushOptionsFlag', flag(o.pushOptionsFlag)])
  if (o.pushOptions !== undefined) lines.push(['PushOptions', o.pushOptions.join(',')])
  if (o.multiBioDataSupport !== undefined)
    lines.push(['MultiBioDataSupport', o.multiBioDataSupport])
  if (o.multiBioPhotoSupport !== undefined)
    lines.push(['MultiBioPhotoSupport', o.multiBioPhotoSupport])
  if (o.supportPing !== undefined) lines.push(['SupportPing', flag(o.supportPing)])
  for (const [k, v] of Object.entries(o.extra ?? {})) lines.push([k, v])
  const all = [`GET OPTION FROM: ${sn}`, ...lines.map(([k, v]) => `${k}=${v}`)]
  for (const line of all) {
    if (/[\r\n]/.test(line)) throw new RangeError(`handshake value contains a line break: ${line}`)
  }
  return all.join('\n')
}

function transFlagBits(names: readonly string[]): string {
  const wanted = new Set(names.map((n) => n.toLowerCase()))
  const bits = TRANS_FLAG_BITS.map((n) => (wanted.has(n.toLowerCase()) ? '1' : '0'))
  return bits.slice(0, Math.max(10, bits.lastIndexOf('1') + 1)).join('')
}

/**
 * Reads a TransFlag value in either format (`TransData AttLog\tOpLog` or the `1111000000` bit string) as names.
 * @example parseTransFlag('1100000000') // ['AttLog', 'OpLog']
 */
export function parseTransFlag(value: string): string[] {
  const v = value.trim()
  if (/^[01]+$/.test(v)) return TRANS_FLAG_BITS.filter((_, i) => v[i] === '1')
  return v
    .replace(/^TransData\s*/i, '')
    .split(/[\t ]+/)
    .filter((n) => n !== '')
}

const toInt = (v: string, dflt: number) => (/^\s*-?\d+\s*$/.test(v) ? Number.parseInt(v, 10) : dflt)
const toBool = (v: string) => v.trim() === '1'

/**
 * Parses the server's handshake block as a terminal does: CRLF tolerated, keys matched case-insensitively, legacy
 * stamp names accepted, unknown keys kept in `extra`, missing keys from HANDSHAKE_DEFAULTS. Throws when the body
 * is not a `GET OPTION FROM:` block.
 * @example parseHandshakeReply('GET OPTION FROM: A1\r\nDelay=10').delay // 10
 */
export function parseHandshakeReply(body: string): HandshakeOptions & { sn: string } {
  const lines = body.split('\n').map((l) => l.replace(/\r$/, ''))
  const head = /^GET OPTION FROM:\s*(.*)$/i.exec(lines[0]?.trim() ?? '')
  if (!head) throw new Error(`not a handshake reply: ${JSON.stringify(body.slice(0, 40))}`)
  const out: HandshakeOptions & { sn: string } = {
    ...HANDSHAKE_DEFAULTS,
    transFlag: [...HANDSHAKE_DEFAULTS.transFlag],
    sn: (head[1] ?? '').trim(),
    stamps: {},
  }
  const extra: Record<string, string> = {}
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue
    const eq = line.indexOf('=')
    const key = (eq < 0 ? line : line.slice(0, eq)).trim()
    const value = eq < 0 ? '' : line.slice(eq + 1)
    const lower = key.toLowerCase()
    const stamp =
      STAMP_TABLES.find((t) => lower === `${t.toLowerCase()}stamp`) ??
      STAMP_TABLES.find((t) => LEGACY_STAMP_KEYS[t]?.toLowerCase() === lower)
    if (stamp) {
      out.stamps[stamp] = value
      continue
    }
    switch (lower) {
      case 'errordelay':
        out.errorDelay = toInt(value, out.errorDelay)
        break
      case 'delay':
        out.delay = toInt(value, out.delay)
        break
      case 'transtimes':
        out.transTimes = value
        break
      case 'transinterval':
        out.transInterval = toInt(value, out.transInterval)
        break
      case 'transflag':
        out.transFlag = parseTransFlag(value)
        break
      case 'timezone':
        out.timeZone = toInt(value, out.timeZone)
        break
      case 'realtime':
        out.realtime = toBool(value)
        break
      case 'encrypt':
        out.encrypt = toBool(value)
        break
      case 'serverver':
        out.serverVer = value
        break
      case 'pushprotver':
        out.pushProtVer = value
        break
      case 'pushoptionsflag':
        out.pushOptionsFlag = toBool(value)
        break
      case 'pushoptions':
        out.pushOptions = value === '' ? [] : value.split(',')
        break
      case 'multibiodatasupport':
        out.multiBioDataSupport = value
        break
      case 'multibiophotosupport':
        out.multiBioPhotoSupport = value
        break
      case 'supportping':
        out.supportPing = toBool(value)
        break
      default:
        if (!Object.hasOwn(extra, key)) {
          Object.defineProperty(extra, key, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
          })
        }
    }
  }
  if (Object.keys(extra).length > 0) out.extra = extra
  return out
}

function versionParts(v: string): number[] {
  return v.split('.').map((p) => Number.parseInt(p, 10) || 0)
}

/**
 * Compares dotted protocol versions numerically (`2.4.1` > `2.2.14`); negative when a < b.
 * @example comparePushVersions('2.2.14', '2.4.0') // < 0
 */
export function comparePushVersions(a: string, b: string): number {
  const pa = versionParts(a)
  const pb = versionParts(b)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/**
 * The protocol level both sides use: the lower of the two. A device without `pushver` counts as 2.2.14.
 * @example negotiatePushVersion('2.4.1', '2.4.0') // '2.4.0'
 */
export function negotiatePushVersion(device: string | undefined, server: string): string {
  const d = device?.trim() || '2.2.14'
  return comparePushVersions(d, server) < 0 ? d : server
}
