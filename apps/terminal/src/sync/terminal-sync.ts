import type { TerminalContext } from '../runtime/terminal'
import type { PunchRecord } from '../store/types'
import { createHttpAdmsClient, type FetchLike } from './http-adms-client'
import { createSyncTask, type SyncTask } from './sync-task'

/** A store that can list punches by wall-clock range (for `DATA QUERY ATTLOG`). */
type RangeQuery = { punchesBetween?: (start: string, end: string) => PunchRecord[] }

export interface TerminalSyncOptions {
  /** Firmware version reported to the server. */
  version?: string
  /** Replaces global fetch (tests hand in a server's `app.handle`). */
  fetch?: FetchLike
}

/**
 * The sync task for one boot of the terminal, built from that boot's context: HTTP client on the
 * configured server, status LED through `setConnectivity`, a command tick on the buzzer, and
 * reboots through the runtime (hard when a reboot command is configured, soft otherwise).
 * @example new Terminal({ config, createHardware, createSyncTask: (c) => createTerminalSyncTask(c) })
 */
export function createTerminalSyncTask(
  context: TerminalContext,
  options: TerminalSyncOptions = {},
): SyncTask {
  const { config, store, clock, logger } = context
  const version = options.version ?? '0.0.0'
  const range = (store as RangeQuery).punchesBetween?.bind(store)
  return createSyncTask({
    config,
    store,
    clock,
    client: createHttpAdmsClient({
      serverUrl: config.serverUrl,
      sn: config.sn,
      timeoutMs: config.requestTimeoutMs,
      version,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
    version,
    log: logger,
    onConnectivity: (state) => context.setConnectivity(state),
    onCommandReceived: () => context.feedback.signal('command'),
    requestReboot: () => context.requestReboot(config.rebootCommand ? 'hard' : 'soft'),
    ...(range ? { punchesBetween: range } : {}),
  })
}
