import {
  commandEcho,
  formatDeviceCmdResult,
  parseCommandLines,
  parseOkReply,
  RETURN_READ_WRITE_ERROR,
} from '@webroster/protocol'
import type { Logger } from '../runtime/logger'
import type { AdmsClient, AdmsReply } from '../sync/adms-client'
import { AdmsTransportError } from '../sync/adms-client'
import { UploadRefusedError } from '../sync/upload-reply'
import type { CommandDeps, Execution } from './command-deps'
import { executeCommand } from './execute-command'

export interface CommandExecutorOptions {
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

/**
 * Runs the commands of a getrequest reply with exactly-once effects: each id is journaled on
 * receipt, its result is journaled before anything is sent, and a re-delivered id whose result
 * is journaled is not run again — its stored result is sent instead.
 */
export class CommandExecutor {
  readonly #o: CommandExecutorOptions

  constructor(options: CommandExecutorOptions) {
    this.#o = options
  }

  /** Executes every command in `body`, then sends the results. */
  async handle(body: string, signal?: AbortSignal): Promise<number> {
    const { deps, log } = this.#o
    const { records, rejected } = parseCommandLines(body)
    for (const r of rejected)
      log.warn('unreadable command line', { line: r.text, reason: r.reason })
    let executed = 0
    let reboot = false
    for (const line of records) {
      // A reboot ends the batch: later commands are re-delivered to the next boot.
      if (reboot) break
      const receipt = deps.store.journalReceive(line.id, line.text)
      if (receipt.status === 'done') {
        log.info('command already executed; resending its result', { id: line.id })
        continue
      }
      this.#o.onCommandReceived?.()
      const outcome = await this.#execute(line.id, line.text, () =>
        executeCommand(deps, line.command),
      )
      const result = formatDeviceCmdResult({
        id: line.id,
        returnCode: outcome.returnCode,
        cmd: commandEcho(line.command),
        fields: {},
        ...(outcome.info ? { info: outcome.info } : {}),
      })
      deps.store.journalResult(line.id, result)
      executed++
      log.info('command executed', {
        id: line.id,
        command: line.text.slice(0, 80),
        return: outcome.returnCode,
      })
      reboot = outcome.reboot === true
    }
    if (reboot) {
      // Acknowledge first; if that fails the journal re-sends the result after the reboot.
      try {
        await this.sendResults(signal)
      } catch (error) {
        log.warn('reboot result not acknowledged yet; it is re-sent after the reboot', { error })
      }
      await this.#o.requestReboot()
      return executed
    }
    await this.sendResults(signal)
    return executed
  }

  /** Sends every unacknowledged result; marks them acked only when the server answers OK. */
  async sendResults(signal?: AbortSignal): Promise<number> {
    const { store } = this.#o.deps
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

  /**
   * Network trouble while answering a query leaves the command unfinished (no result journaled),
   * so the server re-delivers it; a local fault becomes -3 rather than a silent retry loop.
   */
  async #execute(id: string, text: string, run: () => Promise<Execution>): Promise<Execution> {
    try {
      return await run()
    } catch (error) {
      if (error instanceof AdmsTransportError || error instanceof UploadRefusedError) throw error
      this.#o.log.error('command failed', { id, command: text.slice(0, 80), error })
      return { returnCode: RETURN_READ_WRITE_ERROR }
    }
  }
}
