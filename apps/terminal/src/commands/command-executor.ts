import {
  type Command,
  commandEcho,
  formatDeviceCmdResult,
  parseCommandLines,
  RETURN_READ_WRITE_ERROR,
} from '@webroster/protocol'
import type { Logger } from '../core/logger'
import type { CommandDeps, Execution } from './command-deps'
import { executeCommand } from './execute-command'

export interface CommandExecutorOptions {
  deps: CommandDeps
  log: Logger
  /** Called once per executed command (feedback tick). */
  onCommandReceived?: () => void
  /**
   * Errors that mean the link failed mid-command (an upload a query started): the command is left
   * unfinished, with no result journaled, so the server re-delivers it.
   */
  isInterruption?: (error: unknown) => boolean
}

/** What one getrequest reply's commands left behind; the results also wait in the journal. */
export interface CommandBatch {
  /** Commands run now (a re-delivered id whose result is journaled is not run again). */
  executed: number
  /** The devicecmd result lines journaled by this batch, in order. */
  results: string[]
  /** A reboot ended the batch: reboot once the results were sent. */
  reboot: boolean
}

/**
 * Runs the commands of a getrequest reply with exactly-once effects: each id is journaled on
 * receipt and its result is journaled before it is returned, and a re-delivered id whose result
 * is journaled is not run again. Sending the results is the caller's job.
 */
export class CommandExecutor {
  readonly #o: CommandExecutorOptions

  constructor(options: CommandExecutorOptions) {
    this.#o = options
  }

  /** Executes every command in `body` and journals each result. */
  async execute(body: string): Promise<CommandBatch> {
    const { deps, log } = this.#o
    const { records, rejected } = parseCommandLines(body)
    for (const r of rejected)
      log.warn('unreadable command line', { line: r.text, reason: r.reason })
    const batch: CommandBatch = { executed: 0, results: [], reboot: false }
    for (const line of records) {
      // A reboot ends the batch: later commands are re-delivered to the next boot.
      if (batch.reboot) break
      const receipt = deps.store.journalReceive(line.id, line.text)
      if (receipt.status === 'done') {
        log.info('command already executed; resending its result', { id: line.id })
        continue
      }
      this.#o.onCommandReceived?.()
      const outcome = await this.#run(line.id, line.command, () =>
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
      batch.executed++
      batch.results.push(result)
      // The kind only: a command's text carries names, cards and passwords, and the log is uploaded daily.
      log.info('command executed', {
        id: line.id,
        command: commandKind(line.command),
        return: outcome.returnCode,
      })
      batch.reboot = outcome.reboot === true
    }
    return batch
  }

  /** A local fault becomes -3 rather than a silent retry loop; an interruption propagates. */
  async #run(id: string, cmd: Command, run: () => Promise<Execution>): Promise<Execution> {
    try {
      return await run()
    } catch (error) {
      if (this.#o.isInterruption?.(error)) throw error
      this.#o.log.error('command failed', { id, command: commandKind(cmd), error })
      return { returnCode: RETURN_READ_WRITE_ERROR }
    }
  }
}

/** A command as the log names it, e.g. `DATA UPDATE USERINFO`, `REBOOT`. */
function commandKind(cmd: Command): string {
  return 'table' in cmd ? `${cmd.type} ${cmd.table}` : cmd.type
}
