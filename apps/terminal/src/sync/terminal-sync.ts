import type { TerminalContext } from '../runtime/terminal'
import { createHttpAdmsClient, type FetchLike } from './http-adms-client'
import { createSyncTask, type SyncTask } from './sync-task'

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
  })
}
