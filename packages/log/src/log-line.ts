import { errorCause, QUERY_WRAPPER } from './error-cause'

/** Longest log line written: one bad request must not write megabytes (a whole batch) per failure. */
export const MAX_LOG_LINE = 4096
/** Longest string field kept when a line is too long. */
const MAX_FIELD = 512

/** A value as logged, at any depth: an error by its cause, a query wrapper's text never verbatim. */
function loggable(_key: string, value: unknown): unknown {
  if (value instanceof Error) return errorCause(value).error
  if (typeof value === 'string' && value.startsWith(QUERY_WRAPPER)) return errorCause(value).error
  return typeof value === 'bigint' ? value.toString() : value
}

/**
 * The fields as logged, in one pass: an error field as its message with its code beside it (as
 * `...errorCause(e)` writes it) unless the line names its own code.
 */
function loggableFields(record: Record<string, unknown>): {
  safe: Record<string, unknown>
  nested: boolean
} {
  const safe: Record<string, unknown> = {}
  let nested = false
  for (const [key, value] of Object.entries(record)) {
    if (value instanceof Error) {
      const { error, code } = errorCause(value)
      safe[key] = error
      if (code !== undefined && !('code' in record)) safe.code ??= code
    } else {
      safe[key] = loggable(key, value)
      nested ||= typeof value === 'object' && value !== null
    }
  }
  return { safe, nested }
}

function shorten(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_FIELD) return `${value.slice(0, MAX_FIELD)}…`
  if (typeof value === 'object' && value !== null) {
    const text = JSON.stringify(value, loggable)
    return text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD)}…` : value
  }
  return value
}

/** One JSON line, at most MAX_LOG_LINE long: long fields are cut first, then the fields are dropped. */
export function formatLogLine(record: Record<string, unknown>): string {
  const { safe, nested } = loggableFields(record)
  // A line of plain values (most of them) needs no replacer, which costs a call per value.
  const line = nested ? JSON.stringify(safe, loggable) : JSON.stringify(safe)
  if (line.length <= MAX_LOG_LINE) return line
  const cut = JSON.stringify(
    {
      ...Object.fromEntries(Object.entries(safe).map(([k, v]) => [k, shorten(v)])),
      truncated: true,
    },
    loggable,
  )
  if (cut.length <= MAX_LOG_LINE) return cut
  const { time, level, msg } = safe
  return JSON.stringify({ time, level, msg: shorten(msg), truncated: true }, loggable)
}
