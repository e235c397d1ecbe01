export { ConfigError, type ConfigSources, loadConfig } from './load-config'
export type { PunchStateRule } from './punch-state-rule'
export { firstMac, resolveSerialNumber } from './serial-number'
export type { HardwareKind, LogLevel, TerminalConfig } from './terminal-config'
