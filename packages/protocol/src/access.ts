import { type AttlogRecord, recordTime } from './attlog'
import { fieldsByKey, formatFields, parseFields } from './fields'
import { cardProblem, pinProblem, quoted } from './identifiers'
import { type BiodataRecord, parseOperlogLine } from './operlog'
import {
  hasSeparator,
  isBase64,
  type ParseResult,
  parseInt32,
  type RecordLine,
  type RejectedLine,
  splitRecordLines,
} from './records'

/** Security PUSH real-time access event (`table=rtlog`). */
export interface RtlogRecord {
  time: string
  pin: string
  cardNo: string
  siteCode: string
  linkId: string
  /** door number */
  eventAddr: string
  event: number
  /** 0 in, 1 out */
  inOutStatus: number
  /** a §12.3 code or a 16-bit method string */
  verifyType: string
  index: string
  maskFlag?: string
  temperature?: string
  convTemperature?: string
  /** keys not listed above, as on the wire */
  extra?: Record<string, string>
}

/** Security PUSH door/relay/alarm state (`table=rtstate`). */
export interface RtstateRecord {
  time: string
  sensor: string
  relay: string
  alarm: string
  extra?: Record<string, string>
}
/** [property, key, reading]: time normalised; int 0, str '' when absent; opt only when sent. */
/** [property, key, how it is read]: time normalised, int defaulting to 0, str defaulting to '', opt kept only when sent. */
type KeyedField<T> = readonly [keyof T & string, string, 'time' | 'int' | 'str' | 'opt']

const RTLOG_FIELDS: ReadonlyArray<KeyedField<RtlogRecord>> = [
  ['time', 'time', 'time'],
  ['pin', 'pin', 'str'],
  ['cardNo', 'cardno', 'str'],
  ['siteCode', 'sitecode', 'str'],
  ['linkId', 'linkid', 'str'],
  ['eventAddr', 'eventaddr', 'str'],
  ['event', 'event', 'int'],
  ['inOutStatus', 'inoutstatus', 'int'],
  ['verifyType', 'verifytype', 'str'],
  ['index', 'index', 'str'],
  ['maskFlag', 'maskflag', 'opt'],
  ['temperature', 'temperature', 'opt'],
  ['convTemperature', 'convtemperature', 'opt'],
]
const RTSTATE_FIELDS: ReadonlyArray<KeyedField<RtstateRecord>> = [
  ['time', 'time', 'time'],
  ['sensor', 'sensor', 'str'],
  ['relay', 'relay', 'str'],
  ['alarm', 'alarm', 'str'],
]

function setData(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

function parseKeyed<T>(body: string, spec: ReadonlyArray<KeyedField<T>>): ParseResult<T> {
  const records: T[] = []
  const rejected: RejectedLine[] = []
  const sources: RecordLine[] = []
  const known = new Set(spec.map(([, key]) => key))
  for (const source of splitRecordLines(body)) {
    const { line, text } = source
    const entries = parseFields(text, 'keep')
    const kv = fieldsByKey(entries)
    const out: Record<string, unknown> = {}
    let reason: string | undefined
    for (const [prop, key, type] of spec) {
      const raw = kv.get(key)
      if (type === 'time') {
        const t = raw === undefined ? { error: 'missing time' } : recordTime(raw)
        if ('error' in t) reason = t.error
        else out[prop] = t.time
      } else if (type === 'int') {
        const v = (raw ?? '').trim()
        const n = v === '' ? 0 : parseInt32(v)
        if (n === undefined) reason = `invalid ${key} ${quoted(raw ?? '')}`
        else out[prop] = n
      } else if (type === 'str') out[prop] = raw ?? ''
      else if (raw !== undefined) out[prop] = raw
      if (reason) break
    }
    if (!reason && spec.some(([, , t]) => t === 'int') && !kv.has('event')) reason = 'missing event'
    // An event without a person says pin= or pin=0; any other PIN must be one the server can store.
    const pin = (out.pin ?? '') as string
    if (!reason && pin.trim() !== '' && pin.trim() !== '0') reason = pinProblem(pin.trim())
    if (reason) {
      rejected.push({ line, text, reason })
      continue
    }
    const extra: Record<string, string> = {}
    for (const [k, v] of entries) {
      if (!known.has(k.toLowerCase()) && !Object.hasOwn(extra, k)) setData(extra, k, v)
    }
    if (Object.keys(extra).length > 0) out.extra = extra
    records.push(out as T)
    sources.push(source)
  }
  return { records, rejected, sources }
}

function formatKeyed<T>(r: T, spec: ReadonlyArray<KeyedField<T>>): string {
  const values = r as Record<string, unknown>
  const pairs: Array<[string, string]> = spec.flatMap(([prop, key]) => {
    const v = values[prop]
    return v === undefined ? [] : [[key, String(v)] as [string, string]]
  })
  const extra = (values.extra ?? {}) as Record<string, string>
  pairs.push(...Object.entries(extra))
  for (const [k, v] of pairs) {
    if (hasSeparator(k) || hasSeparator(v)) {
      throw new RangeError(`value contains a separator: ${k}=${v}`)
    }
  }
  return formatFields(pairs)
}

/**
 * Parses a `table=rtlog` body (keyed TSV in any key order; unknown keys kept in `extra`).
 * @example parseRtlog('time=2024-01-01 08:00:00\tpin=1\tevent=0\tinoutstatus=0\tverifytype=1').records[0]?.pin // '1'
 */
export function parseRtlog(body: string): ParseResult<RtlogRecord> {
  return parseKeyed(body, RTLOG_FIELDS)
}

/**
 * Formats one rtlog event as a line (no LF), keys in the doc's order.
 * @example formatRtlogRecord(event).startsWith('time=') // true
 */
export function formatRtlogRecord(r: RtlogRecord): string {
  return formatKeyed(r, RTLOG_FIELDS)
}

/**
 * Formats rtlog events, one LF-terminated line each.
 * @example formatRtlog([event]).endsWith('\n') // true
 */
export function formatRtlog(records: RtlogRecord[]): string {
  return records.map((r) => `${formatRtlogRecord(r)}\n`).join('')
}

/**
 * Parses a `table=rtstate` body.
 * @example parseRtstate('time=2024-01-01 08:00:00\tsensor=01\trelay=00\talarm=0000000000000000').records[0]?.sensor // '01'
 */
export function parseRtstate(body: string): ParseResult<RtstateRecord> {
  return parseKeyed(body, RTSTATE_FIELDS)
}

/**
 * Formats rtstate records, one LF-terminated line each.
 * @example formatRtstate([{ time: '2024-01-01 08:00:00', sensor: '01', relay: '00', alarm: '00' }]) // 'time=…\tsensor=01\trelay=00\talarm=00\n'
 */
export function formatRtstate(records: RtstateRecord[]): string {
  return records.map((r) => `${formatKeyed(r, RTSTATE_FIELDS)}\n`).join('')
}

/** Events that mean a person verified normally (PullSDK/Security PUSH codes) and so count as a punch. */
export const ACCESS_PUNCH_EVENTS: ReadonlySet<number> = new Set([
  0, 1, 2, 3, 14, 15, 16, 17, 18, 19,
])

/** Single-method bits of a 16-bit verify string (bit 1 = rightmost) mapped to §12.3 codes. */
const VERIFY_BITS: Record<number, number> = { 1: 15, 2: 25, 3: 25, 4: 1, 5: 21, 9: 3, 10: 2, 11: 4 }

function verifyCode(verifyType: string): number {
  const v = verifyType.trim()
  if (/^[01]{16}$/.test(v)) {
    const bits = [...v].reverse().flatMap((c, i) => (c === '1' ? [i + 1] : []))
    return bits.length === 1 ? (VERIFY_BITS[bits[0] as number] ?? 200) : 200
  }
  const n = /^\d+$/.test(v) ? parseInt32(v) : undefined
  return n ?? 200
}

/**
 * Maps an access event with a person to an attendance punch (normal-verify events 0-3, 14-19 and the extended
 * normal range 4000-4999; `inoutstatus` becomes the status); other events give null.
 * @example rtlogToAttlog(event)?.status // 0 for inoutstatus=0
 */
export function rtlogToAttlog(r: RtlogRecord): AttlogRecord | null {
  const pin = r.pin.trim()
  if (pin === '' || pin === '0') return null
  if (!ACCESS_PUNCH_EVENTS.has(r.event) && !(r.event >= 4000 && r.event <= 4999)) return null
  const punch: AttlogRecord = {
    pin,
    time: r.time,
    status: r.inOutStatus,
    verify: verifyCode(r.verifyType),
    workCode: '',
  }
  const mask = r.maskFlag === undefined ? undefined : parseInt32(r.maskFlag)
  if (mask !== undefined && mask >= 0) punch.maskFlag = mask
  if (r.temperature !== undefined) punch.temperature = r.temperature
  if (r.convTemperature !== undefined) punch.convTemperature = r.convTemperature
  return punch
}

/** A user row of `tablename=user`. */
export interface AccessUser {
  pin: string
  uid: string
  cardNo: string
  password: string
  group: string
  /** `0`, `YYYYMMDD` or zk-seconds, as sent */
  startTime: string
  endTime: string
  name: string
  privilege: number
  disable: string
  verify: string
}

/** A fingerprint row of `tablename=templatev10`. */
export interface AccessTemplate {
  pin: string
  uid: string
  size: number
  /** finger 0-9 (the wire value minus 16 when duress) */
  fingerId: number
  duress: boolean
  valid: number
  template: string
}

/** One `tabledata` row: every key as on the wire, plus a typed view for the tables we use. */
export interface TableRecord {
  /** table name, lower-cased (`user`, `templatev10`, `biodata`, `identitycard`, …) */
  table: string
  fields: Record<string, string>
  user?: AccessUser
  template?: AccessTemplate
  biodata?: BiodataRecord
}

/** An integer key: its default when absent or not a number, a reason when a number no column can hold. */
function intOr(kv: ReadonlyMap<string, string>, key: string, d: number): number | string {
  const v = kv.get(key)
  if (v === undefined || !/^\s*-?\d+\s*$/.test(v)) return d
  return parseInt32(v) ?? `invalid ${key} ${quoted(v)}`
}

function typedView(rec: TableRecord, text: string): string | undefined {
  const kv = fieldsByKey(parseFields(text, 'keep'))
  const get = (k: string) => kv.get(k) ?? ''
  const pinOf = () => {
    const pin = get('pin').trim()
    return pin === '' ? { error: 'missing pin' } : { pin, error: pinProblem(pin) }
  }
  if (rec.table === 'user') {
    const { pin, error } = pinOf()
    if (error !== undefined || pin === undefined) return error
    const privilege = intOr(kv, 'privilege', 0)
    if (typeof privilege === 'string') return privilege
    const badCard = cardProblem(get('cardno'))
    if (badCard) return badCard
    rec.user = {
      pin,
      uid: get('uid'),
      cardNo: get('cardno'),
      password: get('password'),
      group: get('group'),
      startTime: get('starttime'),
      endTime: get('endtime'),
      name: get('name'),
      privilege,
      disable: get('disable'),
      verify: get('verify'),
    }
  } else if (rec.table === 'templatev10') {
    const { pin, error } = pinOf()
    if (error !== undefined || pin === undefined) return error
    if (!kv.has('template')) return 'missing template'
    if (get('template') === '' || !isBase64(get('template'))) return 'template is not base64'
    const fid = intOr(kv, 'fingerid', 0)
    const size = intOr(kv, 'size', get('template').length)
    const valid = intOr(kv, 'valid', 1)
    if (typeof fid === 'string') return fid
    if (typeof size === 'string') return size
    if (typeof valid === 'string') return valid
    rec.template = {
      pin,
      uid: get('uid'),
      size,
      fingerId: fid >= 16 ? fid - 16 : fid,
      duress: fid >= 16,
      valid,
      template: get('template'),
    }
  } else if (rec.table === 'biodata') {
    const r = parseOperlogLine(`BIODATA ${text}`, 'BIODATA')
    if (typeof r === 'string') return r
    if (r.kind === 'BIODATA') rec.biodata = r
  }
  return undefined
}

/**
 * Parses a `table=tabledata&tablename=<t>` body: `<t> k=v\tk=v` rows (the tag may be missing); keys kept as sent.
 * @example parseTabledata('user', 'user uid=1\tcardno=\tpin=7\tname=Ann').records[0]?.user?.pin // '7'
 */
export function parseTabledata(tableName: string, body: string): ParseResult<TableRecord> {
  const table = tableName.trim().toLowerCase()
  const records: TableRecord[] = []
  const rejected: RejectedLine[] = []
  const sources: RecordLine[] = []
  for (const source of splitRecordLines(body)) {
    const { line, text } = source
    const m = /^([A-Za-z0-9_]+)[ \t]+([\s\S]*)$/.exec(text)
    let rest = text
    if (m && !(m[1] as string).includes('=') && !/^[^\s=]+=/.test(text)) {
      if ((m[1] as string).toLowerCase() !== table) {
        rejected.push({ line, text, reason: `unexpected ${m[1]} row in ${table} table` })
        continue
      }
      rest = m[2] as string
    }
    const fields: Record<string, string> = {}
    for (const [k, v] of parseFields(rest, 'keep'))
      if (!Object.hasOwn(fields, k)) setData(fields, k, v)
    const rec: TableRecord = { table, fields }
    const reason = typedView(rec, rest)
    if (reason) rejected.push({ line, text, reason })
    else {
      records.push(rec)
      sources.push(source)
    }
  }
  return { records, rejected, sources }
}

/**
 * Formats one tabledata row from its wire fields (`<table> k=v\tk=v`, no LF).
 * @example formatTabledataRecord({ table: 'user', fields: { pin: '7', name: 'Ann' } }) // 'user pin=7\tname=Ann'
 */
export function formatTabledataRecord(r: TableRecord): string {
  const pairs = Object.entries(r.fields)
  for (const [k, v] of pairs) {
    if (hasSeparator(k) || hasSeparator(v) || k.includes('=')) {
      throw new RangeError(`tabledata field contains a separator: ${k}=${v}`)
    }
  }
  return `${r.table} ${formatFields(pairs)}`
}

/**
 * Formats tabledata rows, one LF-terminated line each.
 * @example formatTabledata([{ table: 'user', fields: { pin: '7' } }]) // 'user pin=7\n'
 */
export function formatTabledata(records: TableRecord[]): string {
  return records.map((r) => `${formatTabledataRecord(r)}\n`).join('')
}
