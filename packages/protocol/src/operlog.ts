import { recordTime } from './attlog'
import { type Field, fieldsByKey, formatFields, parseFields } from './fields'
import { pinProblem, quoted } from './identifiers'
import { formatUploadFields, parseUploadFields } from './record-codec'
import {
  hasSeparator,
  type ParseResult,
  parseInt32,
  type RecordLine,
  type RejectedLine,
  splitFields,
  splitRecordLines,
} from './records'
import {
  BIODATA_SPEC,
  BIOPHOTO_SPEC,
  type BioPhoto,
  type BioTemplate,
  type DeviceError,
  ERRORLOG_SPEC,
  FACE_SPEC,
  type FieldSpec,
  type FingerTemplate,
  FP_SPEC,
  FVEIN_SPEC,
  USER_SPEC,
  USERPIC_SPEC,
  type UserInfo,
  type UserPhoto,
  type VeinTemplate,
} from './wire-records'

/** Operation-log entry (`OPLOG <op>\t<operator>\t<time>\t<v1>\t<v2>\t<v3>\t<reserved>`). */
export interface OperationRecord {
  kind: 'OPLOG'
  op: number
  operator: string
  time: string
  value1: string
  value2: string
  value3: string
  reserved: string
}

/** ID-card information (pid sub-protocol); every key except PIN kept in wire order. */
export interface IdcardRecord {
  kind: 'IDCARD'
  pin: string
  fields: Record<string, string>
}

/** A record as a device uploads it: its whole row, so the properties with an upload default are always set. */
type Uploaded<T, K extends keyof T> = T & { [P in K]-?: Exclude<T[P], undefined> }

/** An uploaded biometric template (`BIODATA`), also the typed view of an access controller's `biodata` row. */
export type BiodataRecord = { kind: 'BIODATA' } & BioTemplate

/** One OPERLOG sub-record, discriminated on its tag; the key=value ones are the records commands carry too. */
export type OperlogRecord =
  | OperationRecord
  | ({ kind: 'USER' } & Uploaded<
      UserInfo,
      'name' | 'privilege' | 'password' | 'card' | 'timeZones' | 'viceCard'
    >)
  | ({ kind: 'FP' | 'FACE' } & Uploaded<FingerTemplate, 'size'>)
  | ({ kind: 'FVEIN' } & Uploaded<VeinTemplate, 'size'>)
  | BiodataRecord
  | ({ kind: 'USERPIC' } & Uploaded<UserPhoto, 'fileName' | 'size' | 'content'>)
  | ({ kind: 'BIOPHOTO' } & Uploaded<BioPhoto, 'fileName' | 'type' | 'size' | 'content'>)
  | ({ kind: 'ERRORLOG' } & DeviceError)
  | IdcardRecord

/** Tags of the key/value OPERLOG sub-records. */
type KeyedOperlogKind = Exclude<OperlogRecord['kind'], 'OPLOG' | 'IDCARD'>

const SPECS: Record<KeyedOperlogKind, readonly FieldSpec[]> = {
  USER: USER_SPEC,
  FP: FP_SPEC,
  FACE: FACE_SPEC,
  FVEIN: FVEIN_SPEC,
  BIODATA: BIODATA_SPEC,
  USERPIC: USERPIC_SPEC,
  BIOPHOTO: BIOPHOTO_SPEC,
  ERRORLOG: ERRORLOG_SPEC,
}

/** Longest OPLOG operator and value kept: they are part of the dedupe key, and a btree row is at most ~2.7 kB. */
const MAX_OPLOG_VALUE = 200

function parseKeyed(kind: KeyedOperlogKind, fields: Field[]): OperlogRecord | string {
  const r = parseUploadFields(SPECS[kind], fields)
  return typeof r === 'string' ? r : ({ kind, ...r } as OperlogRecord)
}

function parseOplogFields(fields: string[]): OperationRecord | string {
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

function parseIdcardFields(fields: Field[]): IdcardRecord | string {
  const pin = fieldsByKey(fields).get('pin')?.trim()
  if (!pin) return 'missing PIN'
  const badPin = pinProblem(pin)
  if (badPin) return badPin
  const rest: Record<string, string> = {}
  for (const [k, v] of fields) if (k.toLowerCase() !== 'pin') rest[k] = v
  return { kind: 'IDCARD', pin, fields: rest }
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
  if (tag === 'IDCARD') return parseIdcardFields(parseFields(rest, 'keep'))
  if (tag === 'FINGERTMP') tag = 'FP'
  if (!(tag in SPECS)) return `unknown record tag "${m?.[1] ?? tag}"`
  return parseKeyed(tag as KeyedOperlogKind, parseFields(rest, 'keep'))
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

function checked(values: string[]): void {
  for (const v of values) {
    if (hasSeparator(v))
      throw new RangeError(`OPERLOG value contains a separator: ${JSON.stringify(v)}`)
  }
}

function keyedLine(tag: string, pairs: Field[]): string {
  checked(pairs.flat())
  return `${tag} ${formatFields(pairs)}`
}

/**
 * Formats one OPERLOG sub-record as a single line (no LF), with the keys spelled as firmware does.
 * @example formatOperlogRecord({ kind: 'FP', pin: '1', fid: 0, size: 4, valid: 1, template: 'AA==' })
 * // 'FP PIN=1\tFID=0\tSize=4\tValid=1\tTMP=AA=='
 */
export function formatOperlogRecord(r: OperlogRecord): string {
  if (r.kind === 'OPLOG') {
    const f = [String(r.op), r.operator, r.time, r.value1, r.value2, r.value3, r.reserved]
    checked(f)
    return `OPLOG ${f.join('\t')}`
  }
  if (r.kind === 'IDCARD') {
    const pairs: Field[] = [['PIN', r.pin], ...Object.entries(r.fields)]
    return keyedLine('IDCARD', pairs)
  }
  return keyedLine(r.kind, formatUploadFields(SPECS[r.kind], r))
}

/**
 * Formats OPERLOG sub-records as a body, one LF-terminated line each.
 * @example formatOperlog([{ kind: 'OPLOG', op: 4, operator: '0', time: '2024-06-13 12:44:02', value1: '0', value2: '0', value3: '0', reserved: '0' }])
 * // 'OPLOG 4\t0\t2024-06-13 12:44:02\t0\t0\t0\t0\n'
 */
export function formatOperlog(records: OperlogRecord[]): string {
  return records.map((r) => `${formatOperlogRecord(r)}\n`).join('')
}
