export { errorCause } from './error-cause'
export { LOG_LEVELS, type LogLevel } from './log-level'
export { formatLogLine, MAX_LOG_LINE } from './log-line'
export { createLogger, type Logger, type LogSink, silentLogger } from './logger'
