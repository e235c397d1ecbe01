import { recordTime } from './attlog'
import { cardProblem, pinProblem, quoted } from './identifiers'
import {
  formatKeyValues,
  hasSeparator,
  isBase64,
  type KeyValues,
  type ParseResult,
  parseInt32,
  parseKeyValues,
  type RecordLine,
  type RejectedLine,
  splitFields,
  splitRecordLines,
} from './records'

/** Operation-log entry (`OPLOG <op>\t<operator>\t<time>\t<v1>\t<v2>\t<v3>\t<reserved>`). */
export interface OplogRecord {
  kind: 'OPLOG'
  op: number
  operator: string
  time: string
  value1: string
  value2: string
  value3: string
  reserved: string
}
/** `USER PIN=…\tName=…` user record. */
export interface OperlogUserRecord {
  kind: 'USER'
  pin: string
  name: string
  privilege: number
  password: string
  card: string
  group: string
  timeZones: string
  verify: string
  viceCard: string
  startDatetime?: string
  endDatetime?: string
}
/** Fingerprint (`FP`) or face (`FACE`) template. */
export interface OperlogTemplateRecord {
  kind: 'FP' | 'FACE'
  pin: string
  fid: number
  size: number
  valid: number
  template: string
}
/** Finger-vein template. */
export interface FveinRecord {
  kind: 'FVEIN'
  pin: string
  fid: number
  index: number
  valid: number
  size: number
  template: string
}
/** Unified biometric template (`BIODATA`). */
export interface BiodataRecord {
  kind: 'BIODATA'
  pin: string
  no: number
  index: number
  valid: number
  duress: number
  type: number
  majorVer: string
  minorVer: string
  format: number
  template: string
}
/** User photo (base64 jpeg). */
export interface UserpicRecord {
  kind: 'USERPIC'
  pin: string
  fileName: string
  size: number
  content: string
}
/** Comparison photo (base64). */
export interface BiophotoRecord {
  kind: 'BIOPHOTO'
  pin: string
  fileName: string
  type: number
  no?: number
  index?: number
  size: number
  content: string
}
/** Device error report (≥2.4.1). */
export interface ErrorlogRecord {
  kind: 'ERRORLOG'
  errCode: string
  errMsg: string
  dataOrigin: string
  cmdId: string
  additional: string
}
/** ID-card information (pid sub-protocol); every key except PIN kept in wire order. */
export interface IdcardRecord {
  kind: 'IDCARD'
  pin: string
  fields: Record<string, string>
}

/** One OPERLOG sub-record, discriminated on its tag. */
export type OperlogRecord =
  | OplogRecord
  | OperlogUserRecord
  | OperlogTemplateRecord
  | FveinRecord
  | BiodataRecord
  | UserpicRecord
  | BiophotoRecord
  | ErrorlogRecord
  | IdcardRecord

/** Tags of the key/value OPERLOG sub-records. */
export type KeyedOperlogKind = Exclude<OperlogRecord['kind'], 'OPLOG' | 'IDCARD'>

/** Default of a Size key: the length of the base64 payload. */
const PAYLOAD_LENGTH = Symbol('payload length')

/** [property, wire key, int?, default (undefined = required, null = optional)] */
type Spec = readonly [
  string,
  string,
  boolean,
  string | number | null | undefined | typeof PAYLOAD_LENGTH,
]

const SPECS: Record<KeyedOperlogKind, readonly Spec[]> = {
  USER: [
    ['pin', 'PIN', false, undefined],
    ['name', 'Name', false, ''],
    ['privilege', 'Pri', true, 0],
    ['password', 'Passwd', false, ''],
    ['card', 'Card', false, ''],
    ['group', 'Grp', false, ''],
    ['timeZones', 'TZ', false, ''],
    ['verify', 'Verify', false, ''],
    ['viceCard', 'ViceCard', false, ''],
    ['startDatetime', 'StartDatetime', false, null],
    ['endDatetime', 'EndDatetime', false, null],
  ],
  FP: templateSpec('PIN', 'Size', 'Valid', 'TMP'),
  FACE: templateSpec('PIN', 'SIZE', 'VALID', 'TMP'),
  FVEIN: [
    ['pin', 'Pin', false, undefined],
    ['fid', 'FID', true, undefined],
    ['index', 'Index', true, 0],
    ['valid', 'Valid', true, 1],
    ['size', 'Size', true, PAYLOAD_LENGTH],
    ['template', 'Tmp', false, undefined],
  ],
  BIODATA: [
    ['pin', 'Pin', false, undefined],
    ['no', 'No', true, 0],
    ['index', 'Index', true, 0],
    ['valid', 'Valid', true, 1],
    ['duress', 'Duress', true, 0],
    ['type', 'Type', true, undefined],
    ['majorVer', 'MajorVer', false, ''],
    ['minorVer', 'MinorVer', false, ''],
    ['format', 'Format', true, 0],
    ['template', 'Tmp', false, undefined],
  ],
  USERPIC: [
    ['pin', 'PIN', false, undefined],
    ['fileName', 'FileName', false, ''],
    ['size', 'Size', true, PAYLOAD_LENGTH],
    ['content', 'Content', false, undefined],
  ],
  BIOPHOTO: [
    ['pin', 'PIN', false, undefined],
    ['fileName', 'FileName', false, ''],
    ['type', 'Type', true, 0],
    ['no', 'No', true, null],
    ['index', 'Index', true, null],
    ['size', 'Size', true, PAYLOAD_LENGTH],
    ['content', 'Content', false, undefined],
  ],
  ERRORLOG: [
    ['errCode', 'ErrCode', false, undefined],
    ['errMsg', 'ErrMsg', false, ''],
    ['dataOrigin', 'DataOrigin', false, ''],
    ['cmdId', 'CmdId', false, ''],
    ['additional', 'Additional', false, ''],
  ],
}

function templateSpec(pin: string, size: string, valid: string, tmp: string): Spec[] {
  return [
    ['pin', pin, false, undefined],
    ['fid', 'FID', true, undefined],
    ['size', size, true, PAYLOAD_LENGTH],
    ['valid', valid, true, 1],
    ['template', tmp, false, undefined],
  ]
}

/** Properties holding a base64 payload: anything else would be fanned out to terminals as a broken template. */
const PAYLOADS = new Set(['template', 'content'])
/** Longest OPLOG operator and value kept: they are part of the dedupe key, and a btree row is at most ~2.7 kB. */
const MAX_OPLOG_VALUE = 200

function fromKeyValues(kind: KeyedOperlogKind, kv: KeyValues): OperlogRecord | string {
  const out: Record<string, string | number> = { kind }
  let sizeFromPayload: string | undefined
  for (const [prop, key, isInt, dflt] of SPECS[kind]) {
    let raw = kv.get(key)
    if (raw !== undefined && prop === 'pin') raw = raw.trim()
    if (raw === undefined || (isInt && raw.trim() === '')) {
      if (dflt === undefined) return `missing ${key}`
      if (dflt === PAYLOAD_LENGTH) sizeFromPayload = prop
      else if (dflt !== null) out[prop] = dflt
      continue
    }
    if (isInt) {
      const n = parseInt32(raw)
      if (n === undefined) return `invalid ${key} ${quoted(raw)}`
      out[prop] = n
    } else if (PAYLOADS.has(prop) && (raw === '' || !isBase64(raw))) {
      return raw === '' ? `empty ${key}` : `${key} is not base64`
    } else out[prop] = raw
  }
  if (out.pin === '') return 'missing PIN'
  if (typeof out.pin === 'string') {
    const badPin = pinProblem(out.pin)
    if (badPin) return badPin
  }
  const badCard = typeof out.card === 'string' ? cardProblem(out.card) : undefined
  if (badCard) return badCard
  // Size is the base64 length; when the firmware leaves it out, the payload tells it.
  if (sizeFromPayload) out[sizeFromPayload] = String(out.template ?? out.content ?? '').length
  return out as unknown as OperlogRecord
}

function parseOplogFields(fields: string[]): OplogRecord | string {
  const op = parseInt32(fields[0] ?? '')
  if (op === undefined) return `invalid OPLOG operation ${quoted(fields[0] ?? '')}`
  const at = recordTime(fields[2] ?? '', 'OPLOG time')
  if ('error' in at) return at.error
  const { time } = at
  const long = [fields[1], fields[3]].find((f) => (f ?? '').length > MAX_OPLOG_VALUE)
  if (long !== undefined) return `OPLOG value longer than ${MAX_OPLOG_VALUE} characters`
  return {
    kind: 'OPLOG',
    op,
    operator: fields[1] ?? '',
    time,
    value1: fields[3] ?? '',
    value2: fields[4] ?? '',
    value3: fields[5] ?? '',
    reserved: fields[6] ?? '',
  }
}

function parseIdcardKv(kv: KeyValues): IdcardRecord | string {
  const pin = kv.get('PIN')?.trim()
  if (!pin) return 'missing PIN'
  const badPin = pinProblem(pin)
  if (badPin) return badPin
  const fields: Record<string, string> = {}
  for (const [k, v] of kv.entries) if (k.toLowerCase() !== 'pin') fields[k] = v
  return { kind: 'IDCARD', pin, fields }
}

const TAG_RE = /^([A-Za-z]+)[ \t]+([\s\S]*)$/
const LEGACY_OPLOG_RE = /^\s*\d+\t[^\t]*\t\d{4}-/

/**
 * Parses one OPERLOG line (tagged, or a legacy untagged OPLOG row); returns the record or the rejection reason.
 * @example parseOperlogLine('USER PIN=1\tName=Ann') // { kind: 'USER', pin: '1', name: 'Ann', privilege: 0, ... }
 */
export function parseOperlogLine(
  text: string,
  only?: OperlogRecord['kind'],
): OperlogRecord | string {
  // Legacy firmware sent the 7 OPLOG fields without the tag (the time holds the first space).
  if (LEGACY_OPLOG_RE.test(text)) {
    return only && only !== 'OPLOG' ? `unexpected OPLOG row` : parseOplogFields(splitFields(text))
  }
  const m = TAG_RE.exec(text)
  let tag = m?.[1]?.toUpperCase()
  let rest = m?.[2] ?? ''
  // A dedicated table (BIODATA, ERRORLOG, IDCARD) may carry its rows without the tag.
  if (only && only !== 'OPLOG' && (tag === undefined || !(tag in SPECS || tag === 'IDCARD'))) {
    if (/^[^\s=]+=/.test(text)) {
      tag = only
      rest = text
    }
  }
  if (tag === undefined) return 'no record tag'
  if (only && tag !== only) return `unexpected ${tag} record in ${only} table`
  if (tag === 'OPLOG') return parseOplogFields(splitFields(rest))
  if (tag === 'IDCARD') return parseIdcardKv(parseKeyValues(rest))
  if (tag === 'FINGERTMP') tag = 'FP'
  if (!(tag in SPECS)) return `unknown record tag "${m?.[1] ?? tag}"`
  return fromKeyValues(tag as KeyedOperlogKind, parseKeyValues(rest))
}

function parseLines(body: string, only?: OperlogRecord['kind']): ParseResult<OperlogRecord> {
  const records: OperlogRecord[] = []
  const rejected: RejectedLine[] = []
  const sources: RecordLine[] = []
  for (const source of splitRecordLines(body)) {
    const r = parseOperlogLine(source.text, only)
    if (typeof r === 'string') rejected.push({ ...source, reason: r })
    else {
      records.push(r)
      sources.push(source)
    }
  }
  return { records, rejected, sources }
}

/**
 * Parses a `table=OPERLOG` body: OPLOG, USER, FP, FACE, FVEIN, BIODATA, USERPIC, BIOPHOTO, ERRORLOG, IDCARD lines.
 * @example parseOperlog('OPLOG 4\t0\t2024-06-13 12:44:02\t0\t0\t0\t0\r\n').records[0]?.kind // 'OPLOG'
 */
export function parseOperlog(body: string): ParseResult<OperlogRecord> {
  return parseLines(body)
}

/**
 * Parses a `table=BIODATA` body (tagged or untagged `Pin=…` rows).
 * @example parseBiodata('BIODATA Pin=1\tNo=0\tType=1\tTmp=AA==').records[0]?.kind // 'BIODATA'
 */
export function parseBiodata(body: string): ParseResult<OperlogRecord> {
  return parseLines(body, 'BIODATA')
}

/**
 * Parses a `table=ERRORLOG` body.
 * @example parseErrorlog('ERRORLOG ErrCode=D01E0001\tErrMsg=x').records[0]?.kind // 'ERRORLOG'
 */
export function parseErrorlog(body: string): ParseResult<OperlogRecord> {
  return parseLines(body, 'ERRORLOG')
}

/**
 * Parses a `table=IDCARD` body.
 * @example parseIdcard('IDCARD PIN=1\tIDNum=42').records[0] // { kind: 'IDCARD', pin: '1', fields: { IDNum: '42' } }
 */
export function parseIdcard(body: string): ParseResult<OperlogRecord> {
  return parseLines(body, 'IDCARD')
}

function checked(line: string, values: string[]): string {
  for (const v of values) {
    if (hasSeparator(v))
      throw new RangeError(`OPERLOG value contains a separator: ${JSON.stringify(v)}`)
  }
  return line
}

/**
 * Serialises one OPERLOG sub-record as a single line (no LF), with the doc's key spellings.
 * @example serializeOperlogRecord({ kind: 'FP', pin: '1', fid: 0, size: 4, valid: 1, template: 'AA==' })
 * // 'FP PIN=1\tFID=0\tSize=4\tValid=1\tTMP=AA=='
 */
export function serializeOperlogRecord(r: OperlogRecord): string {
  if (r.kind === 'OPLOG') {
    const f = [String(r.op), r.operator, r.time, r.value1, r.value2, r.value3, r.reserved]
    return checked(`OPLOG ${f.join('\t')}`, f)
  }
  if (r.kind === 'IDCARD') {
    const pairs: Array<readonly [string, string]> = [['PIN', r.pin], ...Object.entries(r.fields)]
    return checked(`IDCARD ${formatKeyValues(pairs)}`, pairs.flat())
  }
  const values = r as unknown as Record<string, string | number | undefined>
  const pairs = SPECS[r.kind].map(([prop, key]) => [key, values[prop]] as const)
  const strings = pairs.flatMap(([k, v]) => (v === undefined ? [] : [k, String(v)]))
  return checked(`${r.kind} ${formatKeyValues(pairs)}`, strings)
}

/**
 * Serialises OPERLOG sub-records as a body, one LF-terminated line each.
 * @example serializeOperlog([{ kind: 'OPLOG', op: 4, operator: '0', time: '2024-06-13 12:44:02', value1: '0', value2: '0', value3: '0', reserved: '0' }])
 * // 'OPLOG 4\t0\t2024-06-13 12:44:02\t0\t0\t0\t0\n'
 */
export function serializeOperlog(records: OperlogRecord[]): string {
  return records.map((r) => `${serializeOperlogRecord(r)}\n`).join('')
}
