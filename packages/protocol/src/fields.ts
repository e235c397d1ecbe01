/** One `key=value` field of a record or command, in wire order. */
export type Field = [key: string, value: string]

/** How a field without `=` is read: malformed (commands), or a key with an empty value (device uploads). */
export type BareField = 'reject' | 'keep'

/**
 * Parses `key=value` fields separated by TAB: blank fields are skipped, keys trimmed, and the value is everything
 * after the first `=` (values may hold `=`). Null when a field has no `=` or an empty key, unless `bare` is `keep`,
 * the reading of device uploads, whose firmware writes such fields.
 * @example parseFields('PIN=1\tName=A=B\t') // [['PIN', '1'], ['Name', 'A=B']]
 * @example parseFields('PIN=1\tFlag', 'keep') // [['PIN', '1'], ['Flag', '']]
 */
export function parseFields(text: string, bare?: 'reject'): Field[] | null
export function parseFields(text: string, bare: 'keep'): Field[]
export function parseFields(text: string, bare: BareField = 'reject'): Field[] | null {
  const out: Field[] = []
  for (const part of text.split('\t')) {
    if (part.trim() === '') continue
    const eq = part.indexOf('=')
    const key = (eq < 0 ? part : part.slice(0, eq)).trim()
    if (bare === 'reject' && (eq < 0 || key === '')) return null
    out.push([key, eq < 0 ? '' : part.slice(eq + 1)])
  }
  return out
}

/**
 * Formats fields as `k=v` joined by TAB; throws a RangeError if a key or value would break the framing.
 * @example formatFields([['PIN', '1'], ['FID', '0']]) // 'PIN=1\tFID=0'
 */
export function formatFields(fields: readonly Field[]): string {
  for (const [k, v] of fields) {
    checkKey(k)
    if (/[\t\r\n]/.test(v))
      throw new RangeError(`invalid value for field ${k}: ${JSON.stringify(v)}`)
  }
  return fields.map(([k, v]) => `${k}=${v}`).join('\t')
}

/**
 * Formats fields as a comma list `k=v,k=v`; a value may hold commas unless one is followed by `key=`.
 * @example formatCommaFields([['~OEMVendor', 'ZKTECO CO., LTD.'], ['Delay', '10']]) // '~OEMVendor=ZKTECO CO., LTD.,Delay=10'
 */
export function formatCommaFields(fields: readonly Field[]): string {
  for (const [k, v] of fields) {
    checkKey(k)
    if (/[,\s]/.test(k[0] ?? '') || k.includes(',') || /[\t\r\n]/.test(v) || COMMA_KEY.test(v)) {
      throw new RangeError(`invalid comma-list field ${JSON.stringify(k)}=${JSON.stringify(v)}`)
    }
  }
  return fields.map(([k, v]) => `${k}=${v}`).join(',')
}

const COMMA_KEY = /,[^=,\s][^=,]*=/

function checkKey(k: string): void {
  if (k === '' || /[=\t\r\n]/.test(k) || k !== k.trim()) {
    throw new RangeError(`invalid field key: ${JSON.stringify(k)}`)
  }
}

/**
 * Parses a comma list of `k=v` where values may contain commas: a comma splits only when the text after it
 * looks like `key=` (as device option lists do).
 * @example parseCommaFields('a=1,b=x, y,c=3') // [['a', '1'], ['b', 'x, y'], ['c', '3']]
 */
export function parseCommaFields(text: string): Field[] | null {
  const parts: string[] = []
  for (const piece of text.split(',')) {
    if (parts.length > 0 && !/^[^=,\s][^=,]*=/.test(piece)) parts[parts.length - 1] += `,${piece}`
    else parts.push(piece)
  }
  const out: Field[] = []
  for (const part of parts) {
    if (part === '') continue
    const eq = part.indexOf('=')
    if (eq <= 0) return null
    out.push([part.slice(0, eq), part.slice(eq + 1)])
  }
  return out
}

/**
 * The value of a field, key matched case-insensitively; the first one wins.
 * @example fieldValue([['Pin', '7']], 'PIN') // '7'
 */
export function fieldValue(fields: readonly Field[], key: string): string | undefined {
  const lower = key.toLowerCase()
  return fields.find(([k]) => k.toLowerCase() === lower)?.[1]
}

/**
 * The fields by lower-cased key, for lookups in any case (`PIN`, `Pin`, `pin`); when a key repeats, the last wins.
 * @example fieldsByKey([['Pin', '7']]).get('pin') // '7'
 */
export function fieldsByKey(fields: readonly Field[]): Map<string, string> {
  return new Map(fields.map(([k, v]) => [k.toLowerCase(), v]))
}
