import { LOG_LEVELS, type LogLevel } from './log-level'
import { formatLogLine } from './log-line'

/** Structured logger: one JSON object per line; tests pass a silent or recording one. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

/** Where a line goes: stdout, stderr, a log file; each gets the line without its newline. */
export type LogSink = (line: string) => void

const drop = (): void => {}

/**
 * A logger writing one JSON line per event (`time`, `level`, `msg`, then the fields) to every sink, dropping
 * levels below `level`.
 * @example createLogger('info', [(line) => console.error(line)]).info('booted', { sn: 'A1' })
 */
export function createLogger(
  level: LogLevel,
  sinks: readonly LogSink[],
  now: () => Date = () => new Date(),
): Logger {
  const min = LOG_LEVELS.indexOf(level)
  // A dropped level is a no-op chosen once, so a debug call on a hot path costs one call.
  const at = (lvl: Exclude<LogLevel, 'silent'>) =>
    LOG_LEVELS.indexOf(lvl) < min
      ? drop
      : (msg: string, fields?: Record<string, unknown>): void => {
          const line = formatLogLine({ time: now().toISOString(), level: lvl, msg, ...fields })
          for (const sink of sinks) sink(line)
        }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger('silent', [])
