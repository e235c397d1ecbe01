import { pinProblem, quoted } from './identifiers'
import {
  hasSeparator,
  type ParseResult,
  parseInt32,
  type RecordLine,
  type RejectedLine,
  splitFields,
  splitRecordLines,
} from './records'
import { normaliseWallClock } from './time/wall-clock'

/** One attendance punch as the terminal uploads it (`table=ATTLOG`), fields in wire order. */
export interface AttlogRecord {
  pin: string
  /** device-local wall clock, `YYYY-MM-DD HH:MM:SS` */
  time: string
  /** punch state: 0 in, 1 out, 2-5 break/overtime, 255 none selected */
  status: number
  /** verification method actually used (1 FP, 3 password, 4 card, 15 face, ...) */
  verify: number
  workCode: string
  reserved1?: string
  reserved2?: string
  maskFlag?: number
  temperature?: string
  convTemperature?: string
  /** seconds from UTC, e.g. `+28800` */
  timeOffset?: string
  /** base64 JSON (GPS info) */
  extendData?: string
  /** fields after the 12th, as sent (newer firmware appends some; they are kept, not dropped) */
  more?: string[]
}

const DATE_INSIDE_RE = /\d{4}-\d\d-\d\d/
const DATE_ONLY_RE = /^\d{4}-\d\d-\d\d$/
const TIME_ONLY_RE = /^\d\d?:\d\d(:\d\d([.,]\d+)?)?$/
const MAX_FIELDS = 12
/** Years a record may carry: outside them the clock was never set (or the field is corrupt), not a real punch. */
const FIRST_YEAR = 1970
const LAST_YEAR = 2100

/**
 * The time of an uploaded record, normalised, or why it cannot be stored: not a calendar time, or a year outside
 * 1970-2100 (which dates before the epoch would otherwise turn into 1900-something instants).
 * @example recordTime('1899-12-31 00:00:00') // { error: 'time "1899-12-31 00:00:00" is outside the years 1970-2100' }
 */
export function recordTime(text: string, what = 'time'): { time: string } | { error: string } {
  const time = normaliseWallClock(text)
  if (time === undefined) return { error: `invalid ${what} ${quoted(text)}` }
  const year = Number(time.slice(0, 4))
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    return { error: `${what} ${quoted(text)} is outside the years ${FIRST_YEAR}-${LAST_YEAR}` }
  }
  return { time }
}

function parseIntField(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return 0
  return parseInt32(text)
}

function optional(fields: string[], i: number): string | undefined {
  return fields[i]
}

/** Builds one record from positional fields, or returns the reason it cannot. */
function recordFromFields(fields: string[]): AttlogRecord | string {
  if (fields.length < 2) return 'too few fields (need PIN and time)'
  const pin = (fields[0] ?? '').trim()
  if (pin === '') return 'missing PIN'
  const badPin = pinProblem(pin)
  if (badPin) return badPin
  const at = recordTime(fields[1] ?? '')
  if ('error' in at) return at.error
  const { time } = at
  const status = parseIntField(fields[2])
  if (status === undefined) return `invalid status ${quoted(fields[2] ?? '')}`
  const verify = parseIntField(fields[3])
  if (verify === undefined) return `invalid verify ${quoted(fields[3] ?? '')}`
  const record: AttlogRecord = { pin, time, status, verify, workCode: fields[4] ?? '' }
  const reserved1 = optional(fields, 5)
  if (reserved1 !== undefined) record.reserved1 = reserved1
  const reserved2 = optional(fields, 6)
  if (reserved2 !== undefined) record.reserved2 = reserved2
  const mask = optional(fields, 7)
  if (mask !== undefined && mask.trim() !== '') {
    const n = parseIntField(mask)
    if (n === undefined) return `invalid mask flag ${quoted(mask)}`
    record.maskFlag = n
  }
  const tail = ['temperature', 'convTemperature', 'timeOffset', 'extendData'] as const
  tail.forEach((key, k) => {
    const v = optional(fields, 8 + k)
    if (v !== undefined) record[key] = v
  })
  if (fields.length > MAX_FIELDS) record.more = fields.slice(MAX_FIELDS)
  return record
}

/**
 * Splits a field list that holds several records (line breaks lost) at each extra time field. Recoverable only when
 * the boundaries are evident: a space/CR inside the boundary field, or every piece having the same field count.
 */
function splitLostLines(fields: string[]): string[][] | undefined {
  const times: number[] = []
  fields.forEach((f, i) => {
    if (normaliseWallClock(f) !== undefined) times.push(i)
  })
  if (times[0] !== 1 || times.length < 2) return undefined
  const work = [...fields]
  const pieces: string[][] = []
  let start = 0
  let shift = 0
  for (const [k, t] of times.entries()) {
    if (k === 0) continue
    // A record needs a PIN between the previous time and this one.
    if (t - 1 === times[k - 1]) return undefined
    const at = t - 1 + shift
    const boundary = work[at] ?? ''
    const ws = boundary.search(/\s\S*$/)
    if (ws > 0) {
      pieces.push([...work.slice(start, at), boundary.slice(0, ws)])
      work.splice(at, 1, boundary.slice(0, ws), boundary.slice(ws + 1))
      shift++
      start = at + 1
    } else {
      pieces.push(work.slice(start, at))
      start = at
    }
  }
  pieces.push(work.slice(start))
  const len = pieces[0]?.length
  if (pieces.some((p) => p.length !== len || p.length > MAX_FIELDS)) return undefined
  return pieces
}

function looksLikeLostLines(fields: string[]): boolean {
  return fields.some((f, i) => i !== 1 && DATE_INSIDE_RE.test(f))
}

/** What was seen when a date sits outside the time field and no split is safe. */
function runTogetherReason(fields: string[]): string {
  if (fields.length === 1)
    return 'no TAB between fields, and not a space-separated "PIN time …" record'
  const at = fields.findIndex((f, i) => i !== 1 && DATE_INSIDE_RE.test(f)) + 1
  if (normaliseWallClock(fields[1] ?? '') === undefined) {
    return `invalid time "${fields[1] ?? ''}" in field 2 (a date is in field ${at}; the PIN comes first)`
  }
  return `a second date in field ${at}: records run together with no separator to split them at`
}

/**
 * The fields of one record: TAB-separated, or, on a line without any TAB, space-separated (some firmware and
 * export tools write it so), the time keeping its own space (`2026-12-01 09:01:02` is one field).
 */
function fieldsOf(text: string): string[] {
  if (text.includes('\t') || !text.trim().includes(' ')) return splitFields(text)
  const tokens = text.trim().split(/ +/)
  const out: string[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? ''
    const next = tokens[i + 1]
    if (DATE_ONLY_RE.test(token) && next !== undefined && TIME_ONLY_RE.test(next)) {
      out.push(`${token} ${next}`)
      i++
    } else out.push(token)
  }
  // Only a record reads this way: other text stays one field and is rejected for what it is.
  return out.length >= 2 && DATE_INSIDE_RE.test(out[1] ?? '') ? out : splitFields(text)
}

/**
 * Whether a line is the `ATTLOG` header the original Webroster terminal starts every body with: skipped, neither
 * a record nor a line to report.
 * @example isAttlogHeader('ATTLOG') // true
 */
export function isAttlogHeader(line: string): boolean {
  return /^attlog$/i.test(line.trim())
}

/**
 * Parses an ATTLOG body (2..12 positional TAB fields per line, CRLF, trailing TAB, empty fields tolerated; a
 * line without any TAB is read as space-separated).
 * @example parseAttlog('1\t2024-07-28 01:25:24\t0\t1\t\t0\t0\t\r\n').records[0]?.pin // '1'
 */
export function parseAttlog(body: string): ParseResult<AttlogRecord> {
  const records: AttlogRecord[] = []
  const rejected: RejectedLine[] = []
  const sources: RecordLine[] = []
  for (const source of splitRecordLines(body)) {
    const { line, text } = source
    const reject = (reason: string) => rejected.push({ line, text, reason })
    // A lone CR inside a line is an old-style line ending: treat it as a record separator.
    const fieldSets = text.includes('\r')
      ? text
          .split('\r')
          .filter((t) => t.trim() !== '')
          .map(fieldsOf)
      : [fieldsOf(text)]
    if (isAttlogHeader(text)) continue
    const out: AttlogRecord[] = []
    let error: string | undefined
    for (const fields of fieldSets) {
      let sets: string[][] = [fields]
      if (looksLikeLostLines(fields)) {
        const split = splitLostLines(fields)
        if (!split) {
          error = runTogetherReason(fields)
          break
        }
        sets = split
      }
      for (const set of sets) {
        const r = recordFromFields(set)
        if (typeof r === 'string') error = r
        else out.push(r)
      }
      if (error) break
    }
    if (error !== undefined) reject(error)
    else {
      records.push(...out)
      sources.push(...out.map(() => source))
    }
  }
  return { records, rejected, sources }
}

/**
 * Formats one punch as an ATTLOG line without LF: at least the 7 doc fields, more when present.
 * @example formatAttlogRecord({ pin: '1', time: '2024-01-01 08:00:00', status: 0, verify: 1, workCode: '0' })
 * // '1\t2024-01-01 08:00:00\t0\t1\t0\t0\t0'
 */
export function formatAttlogRecord(r: AttlogRecord): string {
  const fields = [
    r.pin,
    r.time,
    String(r.status),
    String(r.verify),
    r.workCode,
    r.reserved1 ?? '0',
    r.reserved2 ?? '0',
  ]
  const tail = [
    r.maskFlag === undefined ? undefined : String(r.maskFlag),
    r.temperature,
    r.convTemperature,
    r.timeOffset,
    r.extendData,
  ]
  const more = r.more ?? []
  let last = tail.length - 1
  while (more.length === 0 && last >= 0 && (tail[last] === undefined || tail[last] === '')) last--
  for (let i = 0; i <= last; i++) fields.push(tail[i] ?? '')
  fields.push(...more)
  for (const f of fields) {
    if (hasSeparator(f))
      throw new RangeError(`ATTLOG field contains a separator: ${JSON.stringify(f)}`)
  }
  // Firmware ends lines with a TAB; we do so only when needed to keep an empty last field.
  const line = fields.join('\t')
  return fields[fields.length - 1] === '' ? `${line}\t` : line
}

/**
 * Formats punches as an ATTLOG body, one LF-terminated line each.
 * @example formatAttlog([{ pin: '1', time: '2024-01-01 08:00:00', status: 0, verify: 1, workCode: '' }])
 * // '1\t2024-01-01 08:00:00\t0\t1\t\t0\t0\n'
 */
export function formatAttlog(records: AttlogRecord[]): string {
  return records.map((r) => `${formatAttlogRecord(r)}\n`).join('')
}
