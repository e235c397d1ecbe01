import { createScenarioDatabase, type ScenarioDatabase } from './database'
import { type ServerHandle, type ServerOptions, startServer } from './server'
import { startTerminal, type TerminalHandle, type TerminalOptions } from './terminal'

/**
 * Everything one test file started: databases, servers and terminals. `close()` kills every
 * process and drops every database, whatever state the scenario left them in.
 */
export class Scenario {
  readonly databases: ScenarioDatabase[] = []
  readonly servers: ServerHandle[] = []
  readonly terminals: TerminalHandle[] = []

  async database(): Promise<ScenarioDatabase> {
    const db = await createScenarioDatabase()
    this.databases.push(db)
    return db
  }

  async server(options: ServerOptions): Promise<ServerHandle> {
    const server = await startServer(options)
    this.servers.push(server)
    return server
  }

  async terminal(options: TerminalOptions): Promise<TerminalHandle> {
    const terminal = await startTerminal(options)
    this.terminals.push(terminal)
    return terminal
  }

  /** Output of every process, for a failure report. */
  output(): string {
    return [...this.servers.map((s) => s.process), ...this.terminals.map((t) => t.process)]
      .map((p) => `----- ${p.name}\n${p.output().slice(-4000)}`)
      .join('\n')
  }

  async close(): Promise<void> {
    const problems: unknown[] = []
    const attempt = async (step: () => Promise<void>) => {
      try {
        await step()
      } catch (e) {
        problems.push(e)
      }
    }
    await Promise.all(this.terminals.map((t) => attempt(() => t.kill())))
    await Promise.all(this.terminals.map((t) => attempt(() => t.dispose())))
    await Promise.all(this.servers.map((s) => attempt(() => s.kill())))
    for (const db of this.databases) await attempt(() => db.drop())
    if (problems.length > 0) throw new AggregateError(problems, 'scenario teardown failed')
  }
}
