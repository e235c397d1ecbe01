import type { LogLevel } from '../config/terminal-config'

/** Where the runtime reports; tests pass a silent or recording one. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

const ORDER: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']

/**
 * One JSON line per event (`time`, `level`, `msg`, then the fields) to every sink, dropping
 * levels below `level`. The same line goes to stderr and to the log file the server receives.
 * @example createLogger('info', [(line) => console.error(line)]).info('booted', { sn: 'A1' })
 */
export function createLogger(
  level: LogLevel,
  sinks: readonly ((line: string) => void)[],
  now: () => Date = () => new Date(),
): Logger {
  const min = ORDER.indexOf(level)
  const at =
    (l: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (ORDER.indexOf(l) < min) return
      const line = JSON.stringify(
        { time: now().toISOString(), level: l, msg: message, ...fields },
        errorReplacer,
      )
      for (const sink of sinks) sink(line)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** JSON lines on stderr only (stdout stays free for tools). */
export function createConsoleLogger(
  level: LogLevel,
  write = (line: string) => console.error(line),
): Logger {
  return createLogger(level, [write])
}

/** A logger that drops everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return value.message
  return typeof value === 'bigint' ? value.toString() : value
}
