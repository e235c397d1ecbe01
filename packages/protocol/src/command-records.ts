import { parseFields } from './command-fields'
import type { Field } from './command-types'

/** How one typed property of a record maps to a wire key. */
export interface RecordFieldSpec {
  prop: string
  key: string
  kind: 'string' | 'int'
  required?: boolean
  /** int used when the key is absent */
  fallback?: number
  /** `Size` keys: omitted from the model when equal to the length of this string property */
  lengthOf?: string
}

type Rec = Record<string, unknown>

const CANONICAL_INT = /^-?(0|[1-9][0-9]*)$/

function intOf(value: string): number | undefined {
  if (!CANONICAL_INT.test(value)) return undefined
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : undefined
}

/**
 * Typed record → wire fields, in spec order, then `extra` in its own order.
 * @example encodeRecord(USERINFO_SPEC, { pin: '1', name: 'Ann' }) // [['PIN', '1'], ['Name', 'Ann']]
 */
export function encodeRecord(spec: readonly RecordFieldSpec[], record: object): Field[] {
  const rec = record as Rec
  const out: Field[] = []
  for (const f of spec) {
    let value = rec[f.prop]
    if (value === undefined && f.lengthOf !== undefined) {
      const source = rec[f.lengthOf]
      if (typeof source === 'string') value = source.length
    }
    if (value === undefined) continue
    out.push([f.key, String(value)])
  }
  const extra = rec.extra as Record<string, string> | undefined
  if (extra) for (const [k, v] of Object.entries(extra)) out.push([k, v])
  return out
}

/**
 * Wire fields → typed record (keys matched case-insensitively); unknown keys and non-canonical values go to
 * `extra`. Returns null when a required key is missing.
 * @example decodeRecord(USERINFO_SPEC, [['pin', '1']]) // { pin: '1' }
 */
export function decodeRecord<T>(
  spec: readonly RecordFieldSpec[],
  fields: readonly Field[],
): T | null {
  const byKey = new Map(spec.map((f) => [f.key.toLowerCase(), f]))
  const rec: Rec = {}
  const extra: Record<string, string> = {}
  let hasExtra = false
  for (const [key, value] of fields) {
    const f = byKey.get(key.toLowerCase())
    const typed = f === undefined ? undefined : f.kind === 'int' ? intOf(value) : value
    if (f === undefined || typed === undefined || Object.hasOwn(rec, f.prop)) {
      extra[key] = value
      hasExtra = true
      continue
    }
    rec[f.prop] = typed
  }
  for (const f of spec) {
    if (Object.hasOwn(rec, f.prop)) continue
    if (f.fallback !== undefined) rec[f.prop] = f.fallback
    else if (f.required) return null
  }
  for (const f of spec) {
    if (f.lengthOf === undefined) continue
    const source = rec[f.lengthOf]
    if (typeof source === 'string' && rec[f.prop] === source.length) delete rec[f.prop]
  }
  if (hasExtra) rec.extra = extra
  return rec as T
}

const s = (prop: string, key: string, required = false): RecordFieldSpec => ({
  prop,
  key,
  kind: 'string',
  required,
})
const i = (prop: string, key: string, required = false): RecordFieldSpec => ({
  prop,
  key,
  kind: 'int',
  required,
})
const d = (prop: string, key: string, fallback: number): RecordFieldSpec => ({
  prop,
  key,
  kind: 'int',
  fallback,
})
const size = (key: string, lengthOf: string): RecordFieldSpec => ({
  prop: 'size',
  key,
  kind: 'int',
  lengthOf,
})

/** USERINFO in the field order of the protocol document's example. */
export const USERINFO_SPEC: readonly RecordFieldSpec[] = [
  s('pin', 'PIN', true),
  s('name', 'Name'),
  i('privilege', 'Pri'),
  s('password', 'Passwd'),
  s('card', 'Card'),
  i('group', 'Grp'),
  s('timeZones', 'TZ'),
  i('verify', 'Verify'),
  s('viceCard', 'ViceCard'),
  s('startDatetime', 'StartDatetime'),
  s('endDatetime', 'EndDatetime'),
  i('expires', 'Expires'),
]

export const FINGERTMP_SPEC: readonly RecordFieldSpec[] = [
  s('pin', 'PIN', true),
  i('fid', 'FID', true),
  size('Size', 'template'),
  d('valid', 'Valid', 1),
  s('template', 'TMP', true),
]

export const FACE_SPEC: readonly RecordFieldSpec[] = [
  s('pin', 'PIN', true),
  i('fid', 'FID', true),
  d('valid', 'Valid', 1),
  size('Size', 'template'),
  s('template', 'TMP', true),
]

export const FVEIN_SPEC: readonly RecordFieldSpec[] = [
  s('pin', 'Pin', true),
  i('fid', 'FID', true),
  d('index', 'Index', 0),
  d('valid', 'Valid', 1),
  size('Size', 'template'),
  s('template', 'Tmp', true),
]

export const BIODATA_SPEC: readonly RecordFieldSpec[] = [
  s('pin', 'Pin', true),
  d('no', 'No', 0),
  d('index', 'Index', 0),
  d('valid', 'Valid', 1),
  d('duress', 'Duress', 0),
  i('type', 'Type', true),
  d('majorVer', 'MajorVer', 0),
  d('minorVer', 'MinorVer', 0),
  d('format', 'Format', 0),
  s('template', 'Tmp', true),
]

export const USERPIC_SPEC: readonly RecordFieldSpec[] = [
  s('pin', 'PIN', true),
  size('Size', 'content'),
  s('content', 'Content'),
  i('format', 'Format'),
  s('url', 'Url'),
]

export const BIOPHOTO_SPEC: readonly RecordFieldSpec[] = [
  s('pin', 'PIN', true),
  i('type', 'Type'),
  i('no', 'No'),
  i('index', 'Index'),
  size('Size', 'content'),
  s('content', 'Content'),
  i('format', 'Format'),
  s('url', 'Url'),
  i('postBackTmpFlag', 'PostBackTmpFlag'),
]

export const ENROLL_FP_SPEC: readonly RecordFieldSpec[] = [
  s('pin', 'PIN', true),
  i('fid', 'FID'),
  i('retry', 'RETRY'),
  i('overwrite', 'OVERWRITE'),
]

export const ENROLL_MF_SPEC: readonly RecordFieldSpec[] = [
  s('pin', 'PIN', true),
  i('retry', 'RETRY'),
]

export const ENROLL_BIO_SPEC: readonly RecordFieldSpec[] = [
  i('type', 'TYPE', true),
  s('pin', 'PIN', true),
  s('cardNo', 'CardNo'),
  i('retry', 'RETRY'),
  i('overwrite', 'OVERWRITE'),
]

/**
 * Parses TAB-separated `k=v` text into a typed record; null when malformed or a required key is missing.
 * @example decodeRecordText(ENROLL_MF_SPEC, 'PIN=5\tRETRY=3') // { pin: '5', retry: 3 }
 */
export function decodeRecordText<T>(spec: readonly RecordFieldSpec[], rest: string): T | null {
  const fields = parseFields(rest)
  return fields === null ? null : decodeRecord<T>(spec, fields)
}
