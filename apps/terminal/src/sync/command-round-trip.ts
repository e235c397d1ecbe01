import { parseOkReply } from '@webroster/protocol'
import type { CommandDeps } from '../commands/command-deps'
import { CommandExecutor } from '../commands/command-executor'
import type { Logger } from '../core/logger'
import type { JournalStore } from '../store/journal'
import { type AdmsClient, type AdmsReply, AdmsTransportError } from './adms-client'
import { UploadRefusedError } from './upload-reply'

export interface CommandRoundTripOptions {
  deps: CommandDeps
  client: AdmsClient
  log: Logger
  /** Every reply passes here first (the clock follows its Date header). */
  onReply?: (reply: AdmsReply) => void
  /** Called once per executed command (feedback tick). */
  onCommandReceived?: () => void
  /** Reboots the terminal; called only after the result was journaled and a send was tried. */
  requestReboot: () => Promise<void> | void
  /** Most result lines per devicecmd POST. */
  maxResultsPerPost?: number
}

/** A failed request, not a failed command: the server re-delivers what it interrupted. */
const isLinkFailure = (error: unknown): boolean =>
  error instanceof AdmsTransportError || error instanceof UploadRefusedError

/**
 * The getrequest commands' way back: executes a reply's commands, then sends every result the
 * journal holds unacknowledged, so a result survives a failed send or a reboot and goes out once.
 */
export class CommandRoundTrip {
  readonly #o: CommandRoundTripOptions
  readonly #executor: CommandExecutor
  readonly #store: Pick<JournalStore, 'unackedResults' | 'markResultsAcked'>

  constructor(options: CommandRoundTripOptions) {
    this.#o = options
    this.#store = options.deps.store
    this.#executor = new CommandExecutor({
      deps: options.deps,
      log: options.log,
      isInterruption: isLinkFailure,
      ...(options.onCommandReceived ? { onCommandReceived: options.onCommandReceived } : {}),
    })
  }

  /** Executes every command in `body`, then sends the results; returns how many ran. */
  async handle(body: string, signal?: AbortSignal): Promise<number> {
    const batch = await this.#executor.execute(body)
    if (batch.reboot) {
      // Acknowledge first; if that fails the journal re-sends the result after the reboot.
      try {
        await this.sendResults(signal)
      } catch (error) {
        this.#o.log.warn('reboot result not acknowledged yet; it is re-sent after the reboot', {
          error,
        })
      }
      await this.#o.requestReboot()
      return batch.executed
    }
    await this.sendResults(signal)
    return batch.executed
  }

  /** Sends every unacknowledged result; marks them acked only when the server answers OK. */
  async sendResults(signal?: AbortSignal): Promise<number> {
    const store = this.#store
    const cap = this.#o.maxResultsPerPost ?? 50
    let acked = 0
    for (;;) {
      const entries = store.unackedResults().slice(0, cap)
      if (entries.length === 0) return acked
      const body = entries.map((e) => e.result ?? '').join('')
      const reply = await this.#o.client.postResults(body, signal)
      this.#o.onReply?.(reply)
      const parsed = parseOkReply(reply.body)
      if (reply.status !== 200 || !parsed.ok) {
        throw new UploadRefusedError(
          `devicecmd refused: HTTP ${reply.status} ${reply.body.slice(0, 100)}`,
        )
      }
      acked += store.markResultsAcked(entries.map((e) => e.id))
      if (entries.length < cap) return acked
    }
  }
}
