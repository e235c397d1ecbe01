/** The terminal logs through the one log line shape both apps share. */
export { createLogger, type Logger, silentLogger } from '@webroster/log'
