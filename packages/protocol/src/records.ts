/** A line the parser could not use, with the reason; the rest of the batch is kept. */
export interface RejectedLine {
  /** 1-based line number within the body */
  line: number
  text: string
  reason: string
}

/** What every body parser returns: the records it understood and the lines it rejected. */
export interface ParseResult<T> {
  records: T[]
  rejected: RejectedLine[]
  /** the body line each record came from, index for index (parsers of line-per-record tables fill it) */
  sources?: RecordLine[]
}

/** One non-empty record line of a body, with its 1-based line number. */
export interface RecordLine {
  line: number
  text: string
}

/**
 * Splits a PUSH body into record lines: LF separated, one trailing CR stripped, blank lines dropped.
 * @example splitRecordLines('a\r\nb\n\n') // [{ line: 1, text: 'a' }, { line: 2, text: 'b' }]
 */
export function splitRecordLines(body: string): RecordLine[] {
  const out: RecordLine[] = []
  const lines = body.split('\n')
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i] ?? ''
    if (text.endsWith('\r')) text = text.slice(0, -1)
    if (text.trim() === '') continue
    out.push({ line: i + 1, text })
  }
  return out
}

/**
 * Splits a record into TAB-separated fields, keeping empty fields and ignoring one trailing empty field.
 * @example splitFields('1\t2024-01-01 08:00:00\t0\t1\t\t0\t0\t') // ['1', '2024-01-01 08:00:00', '0', '1', '', '0', '0']
 */
export function splitFields(record: string): string[] {
  const fields = record.split('\t')
  if (fields.length > 1 && fields[fields.length - 1] === '') fields.pop()
  return fields
}

/**
 * Whether a value carries a separator of the wire format (TAB, CR or LF), which no record value may.
 * @example hasSeparator('Ann\tB') // true
 */
export function hasSeparator(value: string): boolean {
  return /[\t\r\n]/.test(value)
}

const INT_RE = /^[-+]?\d+$/
const INT32_MIN = -2147483648
const INT32_MAX = 2147483647

/**
 * An integer field that fits a 32-bit column, or undefined: a value the database would refuse is refused here,
 * where the line can be rejected alone, not by the statement that holds the whole batch.
 * @example parseInt32(' 15 ') // 15
 * @example parseInt32('99999999999') // undefined
 */
export function parseInt32(text: string): number | undefined {
  const t = text.trim()
  if (!INT_RE.test(t)) return undefined
  const n = Number.parseInt(t, 10)
  return n >= INT32_MIN && n <= INT32_MAX ? n : undefined
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * Whether a template or photo payload decodes as base64. Padding is not checked (firmware samples get it
 * wrong and every decoder ignores it); a character outside the alphabet, or a length no encoding gives, fails.
 * @example isBase64('AAEC') // true
 * @example isBase64('not base64!') // false
 */
export function isBase64(text: string): boolean {
  return BASE64_RE.test(text) && text.replace(/=+$/, '').length % 4 !== 1
}
