import type { LogLevel } from '../config/terminal-config'

/** Where the runtime reports; tests pass a silent or recording one. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

const ORDER: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']

/** One line per event on stderr (stdout stays free for tools), dropping levels below `level`. */
export function createConsoleLogger(
  level: LogLevel,
  write = (line: string) => console.error(line),
): Logger {
  const min = ORDER.indexOf(level)
  const at =
    (l: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (ORDER.indexOf(l) < min) return
      const extra = fields ? ` ${JSON.stringify(fields, errorReplacer)}` : ''
      write(`${new Date().toISOString()} ${l.toUpperCase()} ${message}${extra}`)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** A logger that drops everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? value.message : value
}
