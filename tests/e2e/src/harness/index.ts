export { createScenarioDatabase, type ScenarioDatabase } from './database'
export { freePort } from './ports'
export { type ManagedProcess, repoRoot, spawnEntry } from './process'
export { E2E_ADMIN_TOKEN, type ServerHandle, type ServerOptions, startServer } from './server'
export {
  type ScanOutcome,
  startTerminal,
  type TerminalHandle,
  type TerminalOptions,
  type TerminalState,
} from './terminal'
export { waitFor } from './wait'
