import { TERMINAL_VERSION } from '../core/version'
import { createHttpAdmsClient, type FetchLike } from '../sync/http-adms-client'
import type { LogSource } from '../sync/log-upload'
import { createSyncTask, type SyncTask } from '../sync/sync-task'
import type { TerminalContext } from './terminal'

export interface TerminalSyncOptions {
  /** Firmware version reported to the server; defaults to the terminal package's version. */
  version?: string
  /** Replaces global fetch (tests hand in a server's `app.handle`). */
  fetch?: FetchLike
  /** The log uploaded daily; defaults to the file `<dataDir>/terminal.log`. */
  logSource?: LogSource
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
  const version = options.version ?? TERMINAL_VERSION
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
    fpAlgorithm: context.fpAlgorithm,
    ...(context.fingerprints ? { fingerprints: context.fingerprints } : {}),
    ...(options.logSource ? { logSource: options.logSource } : {}),
  })
}
