export * from './clock'
export * from './commands'
export * from './config'
export * from './hardware'
export {
  type Connectivity,
  createTerminalFeedback,
  type FeedbackSignal,
  type TerminalFeedback,
} from './runtime/feedback'
export { createFileLog, type FileLog, type FileLogOptions } from './runtime/file-log'
export { hardwareConfigFrom } from './runtime/hardware-config'
export { createConsoleLogger, createLogger, type Logger, silentLogger } from './runtime/logger'
export {
  PunchFlow,
  type PunchFlowOptions,
  type PunchOutcome,
  VERIFY_CODE,
} from './runtime/punch-flow'
export { punchStatus } from './runtime/punch-state'
export { Supervisor, type SupervisorOptions, type TaskStatus } from './runtime/supervisor'
export { sleepUnlessAborted, type Task } from './runtime/task'
export {
  type SyncHandle,
  Terminal,
  type TerminalContext,
  type TerminalDeps,
} from './runtime/terminal'
export * from './sim-control'
export * from './store'
export * from './sync'
export {
  createSystemdNotifier,
  type NotifierOptions,
  type NotifySender,
  type SystemdNotifier,
  systemdNotifySender,
} from './systemd/notifier'
export { TERMINAL_VERSION } from './version'
