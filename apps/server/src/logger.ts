import { createLogger as createJsonLogger, type Logger, type LogLevel } from '@webroster/log'

export { type Logger, type LogLevel, silentLogger } from '@webroster/log'

/** The server's logger: the shared JSON lines on stdout at or above `level`. */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  return createJsonLogger(level, [write])
}
