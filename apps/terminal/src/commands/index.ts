export { canonicalCard } from './card'
export type { CommandDeps, Execution } from './command-deps'
export { CommandExecutor, type CommandExecutorOptions } from './command-executor'
export { executeCommand } from './execute-command'
