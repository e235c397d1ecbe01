import { createLogger, type Logger, type LogLevel } from '@webroster/log'

export { createLogger, type Logger, silentLogger } from '@webroster/log'

/** JSON lines on stderr only (stdout stays free for tools). */
export function createConsoleLogger(
  level: LogLevel,
  write = (line: string) => console.error(line),
): Logger {
  return createLogger(level, [write])
}
