export type {
  Command,
  Device,
  Group,
  ListedPunch,
  Person,
  SavedPerson,
} from '@webroster/server/client'
export { ok } from './api'
export { allPunches, duplicatePunches, waitForPunches } from './attendance'
export { scanBacklog } from './backlog'
export { expectExactlyOnce, type StaffedTerminal, staffedTerminal } from './backlog-setup'
export { type CommandRequest, queueCommand, waitForCommandDone } from './commands'
export { buildConsole } from './console'
export { createScenarioDatabase, type ScenarioDatabase } from './database'
export {
  type OriginalEvent,
  type OriginalExchange,
  OriginalTerminal,
  type OriginalTerminalOptions,
} from './original-terminal'
export { freePort } from './ports'
export { type ManagedProcess, repoRoot, spawnEntry } from './process'
export {
  createPeople,
  groupOf,
  type PersonSpec,
  waitForDevice,
  waitForPolls,
  waitForUsers,
} from './provisioning'
export { type InstalledRelease, installRelease, node22 } from './release'
export { Scenario } from './scenario'
export { E2E_ADMIN_TOKEN, type ServerHandle, type ServerOptions, startServer } from './server'
export { startTcpProxy, type TcpProxy } from './tcp-proxy'
export {
  type ScanOutcome,
  startTerminal,
  type TerminalHandle,
  type TerminalOptions,
  type TerminalState,
} from './terminal'
export { useScenario } from './use-scenario'
export { waitFor } from './wait'
