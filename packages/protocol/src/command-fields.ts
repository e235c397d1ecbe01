import type { Field } from './command-types'

/**
 * Serialises fields as `k=v` joined by TAB; throws if a key or value would break the framing.
 * @example formatFields([['PIN', '1'], ['FID', '0']]) // 'PIN=1\tFID=0'
 */
export function formatFields(fields: readonly Field[]): string {
  for (const [k, v] of fields) {
    checkKey(k)
    if (/[\t\r\n]/.test(v))
      throw new Error(`invalid value for command field ${k}: ${JSON.stringify(v)}`)
  }
  return fields.map(([k, v]) => `${k}=${v}`).join('\t')
}

/**
 * Serialises fields as a comma list `k=v,k=v`; a value may hold commas unless one is followed by `key=`.
 * @example formatCommaFields([['~OEMVendor', 'ZKTECO CO., LTD.'], ['Delay', '10']]) // '~OEMVendor=ZKTECO CO., LTD.,Delay=10'
 */
export function formatCommaFields(fields: readonly Field[]): string {
  for (const [k, v] of fields) {
    checkKey(k)
    if (/[,\s]/.test(k[0] ?? '') || k.includes(',') || /[\t\r\n]/.test(v) || COMMA_KEY.test(v)) {
      throw new Error(`invalid comma-list field ${JSON.stringify(k)}=${JSON.stringify(v)}`)
    }
  }
  return fields.map(([k, v]) => `${k}=${v}`).join(',')
}

const COMMA_KEY = /,[^=,\s][^=,]*=/

function checkKey(k: string): void {
  if (k === '' || /[=\t\r\n]/.test(k) || k !== k.trim()) {
    throw new Error(`invalid command field key: ${JSON.stringify(k)}`)
  }
}

/**
 * Parses `k=v` fields separated by TAB (empty fields skipped, keys trimmed); null when a field has no `=` or
 * an empty key.
 * @example parseFields('PIN=1\tName=A=B\t') // [['PIN', '1'], ['Name', 'A=B']]
 */
export function parseFields(text: string): Field[] | null {
  const out: Field[] = []
  for (const part of text.split('\t')) {
    if (part.trim() === '') continue
    const eq = part.indexOf('=')
    if (eq < 0) return null
    const key = part.slice(0, eq).trim()
    if (key === '') return null
    out.push([key, part.slice(eq + 1)])
  }
  return out
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
 * The value of a field, key matched case-insensitively.
 * @example commandField([['Pin', '7']], 'PIN') // '7'
 */
export function commandField(fields: readonly Field[], key: string): string | undefined {
  const lower = key.toLowerCase()
  return fields.find(([k]) => k.toLowerCase() === lower)?.[1]
}

/**
 * The text after `verb` (matched case-insensitively) and one space, '' if nothing follows; null if no match.
 * @example afterVerb('data update X', 'DATA UPDATE') // 'X'
 */
export function afterVerb(text: string, verb: string): string | null {
  if (
    text.length < verb.length ||
    text.slice(0, verb.length).toUpperCase() !== verb.toUpperCase()
  ) {
    return null
  }
  if (text.length === verb.length) return ''
  return text[verb.length] === ' ' ? text.slice(verb.length + 1) : null
}
