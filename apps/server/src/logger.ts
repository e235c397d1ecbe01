import { errorCause } from './errors'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

/** Longest log line written: one bad request must not write megabytes (a whole batch) per failure. */
export const MAX_LOG_LINE = 4096
/** Longest string field kept when a line is too long. */
const MAX_FIELD = 512

/** Structured logger: one JSON object per line. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

/** A field as logged: errors by their cause, and a drizzle "Failed query … params:" text never verbatim. */
function loggable(value: unknown): unknown {
  if (value instanceof Error) return errorCause(value)
  if (typeof value === 'string' && value.startsWith('Failed query:')) return errorCause(value).error
  return value
}

function shorten(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_FIELD) return `${value.slice(0, MAX_FIELD)}…`
  if (typeof value === 'object' && value !== null) {
    const text = JSON.stringify(value)
    return text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD)}…` : value
  }
  return value
}

/** One JSON line, at most MAX_LOG_LINE long: long fields are cut first, then the fields are dropped. */
export function formatLogLine(record: Record<string, unknown>): string {
  const safe = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, loggable(v)]))
  const line = JSON.stringify(safe)
  if (line.length <= MAX_LOG_LINE) return line
  const cut = JSON.stringify({
    ...Object.fromEntries(Object.entries(safe).map(([k, v]) => [k, shorten(v)])),
    truncated: true,
  })
  if (cut.length <= MAX_LOG_LINE) return cut
  const { t, level, msg } = safe
  return JSON.stringify({ t, level, msg: shorten(msg), truncated: true })
}

/** A logger writing JSON lines at or above `level` to `write` (stdout by default). */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const at =
    (lvl: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
      if (order[lvl] < order[level]) return
      write(formatLogLine({ t: new Date().toISOString(), level: lvl, msg, ...fields }))
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger('silent', () => {})
