export * from './clock'
export * from './config'
export {
  type Connectivity,
  createTerminalFeedback,
  type FeedbackSignal,
  type TerminalFeedback,
} from './runtime/feedback'
export { hardwareConfigFrom } from './runtime/hardware-config'
export { createConsoleLogger, type Logger, silentLogger } from './runtime/logger'
export {
  PunchFlow,
  type PunchFlowOptions,
  type PunchOutcome,
  VERIFY_CODE,
} from './runtime/punch-flow'
export { punchStatus } from './runtime/punch-state'
export { Supervisor, type SupervisorOptions, type TaskStatus } from './runtime/supervisor'
export { sleepUnlessAborted, type Task } from './runtime/task'
export { Terminal, type TerminalContext, type TerminalDeps } from './runtime/terminal'
export * from './sim-control'
export * from './store'
