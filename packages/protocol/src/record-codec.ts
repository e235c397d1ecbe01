import { type Field, fieldsByKey, parseFields } from './fields'
import { cardProblem, pinProblem, quoted } from './identifiers'
import { isBase64, parseInt32 } from './records'
import type { FieldSpec } from './wire-records'

type Rec = Record<string, unknown>

const CANONICAL_INT = /^-?(0|[1-9][0-9]*)$/

function intOf(value: string): number | undefined {
  if (!CANONICAL_INT.test(value)) return undefined
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : undefined
}

/**
 * A command's record → wire fields, in spec order, then `extra` in its own order; `Size` is derived from its
 * payload when the record leaves it out.
 * @example formatRecordFields(USER_SPEC, { pin: '1', name: 'Ann' }) // [['PIN', '1'], ['Name', 'Ann']]
 */
export function formatRecordFields(spec: readonly FieldSpec[], record: object): Field[] {
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
 * A command's wire fields → record (keys matched case-insensitively); unknown keys, repeats and non-canonical
 * values go to `extra`. Null when a required key is missing.
 * @example parseRecordFields(USER_SPEC, [['pin', '1']]) // { pin: '1' }
 */
export function parseRecordFields<T>(
  spec: readonly FieldSpec[],
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

/**
 * Parses a command's TAB-separated `k=v` text into a record; null when malformed or a required key is missing.
 * @example parseRecordText(ENROLL_MF_SPEC, 'PIN=5\tRETRY=3') // { pin: '5', retry: 3 }
 */
export function parseRecordText<T>(spec: readonly FieldSpec[], rest: string): T | null {
  const fields = parseFields(rest)
  return fields === null ? null : parseRecordFields<T>(spec, fields)
}

const uploadKey = (f: FieldSpec): string => f.uploadKey ?? f.key

/**
 * An uploaded row's fields → record, or why the line cannot be stored: a missing required key, an integer no
 * column holds, a payload that is not base64, a PIN or card the server cannot address. Keys absent from the row
 * take their upload defaults; `Size` left out is the payload's length; unknown keys are dropped.
 * @example parseUploadFields(FP_SPEC, [['PIN', '1'], ['FID', '0'], ['TMP', 'AA==']]) // { pin: '1', fid: 0, valid: 1, template: 'AA==', size: 4 }
 */
export function parseUploadFields(
  spec: readonly FieldSpec[],
  fields: readonly Field[],
): Rec | string {
  const kv = fieldsByKey(fields)
  const out: Rec = {}
  let sizeFromPayload: FieldSpec | undefined
  for (const f of spec) {
    const key = uploadKey(f)
    let raw = kv.get(f.key.toLowerCase())
    if (raw !== undefined && f.prop === 'pin') raw = raw.trim()
    if (raw === undefined || (f.kind === 'int' && raw.trim() === '')) {
      const dflt = f.fallback ?? f.uploadFallback
      if (f.required || f.uploadRequired) return `missing ${key}`
      if (f.lengthOf !== undefined) sizeFromPayload = f
      else if (dflt !== undefined) out[f.prop] = dflt
      continue
    }
    if (f.kind === 'int') {
      const n = parseInt32(raw)
      if (n === undefined) return `invalid ${key} ${quoted(raw)}`
      out[f.prop] = n
    } else if (f.base64 && (raw === '' || !isBase64(raw))) {
      return raw === '' ? `empty ${key}` : `${key} is not base64`
    } else out[f.prop] = raw
  }
  if (out.pin === '') return 'missing PIN'
  if (typeof out.pin === 'string') {
    const badPin = pinProblem(out.pin)
    if (badPin) return badPin
  }
  const badCard = typeof out.card === 'string' ? cardProblem(out.card) : undefined
  if (badCard) return badCard
  // Size is the base64 length; when the firmware leaves it out, the payload tells it.
  if (sizeFromPayload?.lengthOf !== undefined) {
    out[sizeFromPayload.prop] = String(out[sizeFromPayload.lengthOf] ?? '').length
  }
  return out
}

/**
 * An uploaded record → wire fields as firmware spells them, in spec order; absent values are left out.
 * @example formatUploadFields(FP_SPEC, { pin: '1', fid: 0, size: 4, valid: 1, template: 'AA==' }) // [['PIN', '1'], ['FID', '0'], ['Size', '4'], ['Valid', '1'], ['TMP', 'AA==']]
 */
export function formatUploadFields(spec: readonly FieldSpec[], record: object): Field[] {
  const rec = record as Rec
  const out: Field[] = []
  for (const f of spec) {
    const v = rec[f.prop]
    if (v !== undefined) out.push([uploadKey(f), String(v)])
  }
  return out
}
