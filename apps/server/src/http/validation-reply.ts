import { PIN_PATTERN, SERIAL_PATTERN } from '@webroster/protocol'
import { WEBHOOK_SECRET_PATTERN } from '../webhooks/signature'
import type { FieldProblemSchema, InvalidRequestSchema } from './replies'

/** One input a request got wrong (its schema, in replies.ts, is what the API documents). */
export type FieldProblem = typeof FieldProblemSchema.static

/** Every 4xx answer for input the schema refused. */
export type ValidationReply = Omit<typeof InvalidRequestSchema.static, 'details'>

/** What a schema check reports for one value (TypeBox's ValueError, as far as a reply needs it). */
export interface SchemaProblem {
  path: string
  value: unknown
  schema: unknown
  message: string
}

/** The parts of a request a failed check can be about, to find the field of a check that lost its path. */
export interface RequestParts {
  params?: Record<string, unknown>
  query?: Record<string, unknown>
  body?: unknown
}

type Schema = Record<string, unknown>

/** Patterns in words, from their owners: a person reads the rule, not the regular expression. */
const PATTERN_WORDS: Record<string, string> = {
  [PIN_PATTERN]: '1–24 letters or digits',
  [SERIAL_PATTERN]: '1–64 letters, digits, "-" or "_"',
  [WEBHOOK_SECRET_PATTERN]: '"whsec_" and the base64 of 24–64 random bytes',
}

/** String formats Elysia adds to query and path schemas to coerce text: a person never sends them as such. */
const COERCION_FORMATS = new Set(['integer', 'numeric', 'boolean', 'ObjectString', 'ArrayString'])

const PART_NAMES: Record<string, string> = {
  body: 'body',
  query: 'query string',
  params: 'path',
  headers: 'headers',
  cookie: 'cookies',
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null
}

function range(min: unknown, max: unknown, unit = ''): string {
  const suffix = unit ? ` ${unit}` : ''
  if (typeof min === 'number' && typeof max === 'number') return ` from ${min} to ${max}${suffix}`
  if (typeof min === 'number') return ` of at least ${min}${suffix}`
  if (typeof max === 'number') return ` of at most ${max}${suffix}`
  return ''
}

function stringPhrase(s: Schema): string {
  if (s.format === 'date-time') return 'an ISO 8601 date-time such as 2026-12-01T08:00:00Z'
  if (s.format === 'date') return 'an ISO date such as 2026-12-01'
  if (typeof s.pattern === 'string') {
    const words = PATTERN_WORDS[s.pattern]
    if (words) return words
    return `text matching ${s.pattern}${range(s.minLength, s.maxLength, 'characters')}`
  }
  return `text${range(s.minLength, s.maxLength, 'characters')}`
}

function unionPhrase(s: Schema, branches: unknown[]): string {
  const { anyOf: _, ...outer } = s
  let options = branches.filter(isSchema).map((b) => ({ ...outer, ...b }))
  const meant = options.filter(
    (b) => !(b.type === 'string' && COERCION_FORMATS.has(String(b.format))),
  )
  if (meant.length > 0) options = meant
  if (options.every((b) => 'const' in b)) {
    return `one of ${options.map((b) => JSON.stringify(b.const)).join(', ')}`
  }
  return options.map(phrase).join(' or ')
}

/** What a schema accepts, in words ("a whole number from 1 to 500"). */
function phrase(s: Schema): string {
  if (Array.isArray(s.anyOf)) return unionPhrase(s, s.anyOf)
  if ('const' in s) return JSON.stringify(s.const)
  switch (s.type) {
    case 'string':
      return stringPhrase(s)
    case 'integer':
      return `a whole number${range(s.minimum, s.maximum)}`
    case 'number':
      return `a number${range(s.minimum, s.maximum)}`
    case 'boolean':
      return 'true or false'
    case 'null':
      return 'null'
    case 'array': {
      const items = isSchema(s.items) ? ` of ${phrase(s.items)}` : ''
      const count = range(s.minItems, s.maxItems, 'items')
      return `a list${count}${items}${s.uniqueItems ? ', without repeats' : ''}`
    }
    case 'object':
      return 'an object'
    default:
      return 'a valid value'
  }
}

/** The message for one problem: what to send instead, or that the field is missing. */
function problemMessage(p: SchemaProblem): string {
  if (!isSchema(p.schema)) return p.message.toLowerCase()
  const expected = `expected ${phrase(p.schema)}`
  return p.value === undefined ? `required: ${expected}` : expected
}

/**
 * Elysia checks a coerced query or path value alone, losing its name: find the one field that holds the value
 * (path parameters first, as they are checked first).
 */
function locate(value: unknown, parts: RequestParts): { part: string; path: string } | undefined {
  const sources: Array<[string, unknown]> = [
    ['params', parts.params],
    ['query', parts.query],
    ['body', parts.body],
  ]
  for (const [part, source] of sources) {
    if (!isSchema(source)) continue
    for (const [key, held] of Object.entries(source)) {
      if (held !== undefined && String(held) === String(value)) return { part, path: `/${key}` }
    }
  }
  return undefined
}

/**
 * The reply for input a schema refused, naming each field and what it must be, instead of Elysia's message
 * (which embeds TypeBox internals such as "String types with patterns must specify a default value").
 * @example validationReply('body', [{ path: '/pin', value: 'a b', schema: { type: 'string', pattern: PIN_PATTERN }, message: '' }], {})
 * // { error: 'invalid_request', message: 'invalid body: /pin expected 1–24 letters or digits', fields: [...] }
 */
export function validationReply(
  part: string,
  problems: readonly SchemaProblem[],
  parts: RequestParts,
): ValidationReply {
  let where = part
  const fields: FieldProblem[] = []
  for (const p of problems) {
    let path = p.path
    if (part === 'property' && path === '') {
      const found = locate(p.value, parts)
      if (found) {
        where = found.part
        path = found.path
      }
    }
    // TypeBox may report a field twice (missing, then of the wrong type): the first says it best.
    if (fields.some((f) => f.path === path)) continue
    fields.push({ path, message: problemMessage(p) })
  }
  const name = PART_NAMES[where] ?? 'request'
  const detail = fields.map((f) => (f.path ? `${f.path} ${f.message}` : f.message)).join('; ')
  return {
    error: 'invalid_request',
    message: detail ? `invalid ${name}: ${detail}` : `invalid ${name}`,
    fields,
  }
}
