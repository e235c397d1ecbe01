import { beforeAll, describe, expect, it } from 'vitest'
import {
  type Command,
  queueCommand,
  type ServerHandle,
  type TerminalHandle,
  useScenario,
  waitForCommandDone,
  waitForDevice,
} from '../harness'

const COMMANDS_PER_TERMINAL = 4

// PGlite is one process's folder: two servers on it would corrupt it, so this needs Postgres.
describe.skipIf(!process.env.DATABASE_URL)(
  'two server processes on one Postgres (skipped without DATABASE_URL: PGlite cannot be shared by two processes)',
  () => {
    const scenario = useScenario()
    const servers: ServerHandle[] = []
    const terminals: TerminalHandle[] = []

    beforeAll(async () => {
      const database = await scenario.database()
      servers.push(await scenario.server({ database }), await scenario.server({ database }))
      for (const [i, sn] of ['E2ETWOSRVA', 'E2ETWOSRVB', 'E2ETWOSRVC', 'E2ETWOSRVD'].entries()) {
        const home = servers[i % 2] as ServerHandle
        terminals.push(await scenario.terminal({ sn, serverUrl: home.url }))
      }
      for (const t of terminals) await waitForDevice(servers[0] as ServerHandle, t.sn)
    })

    it('delivers every command once and correlates every result, whichever server queued it', async () => {
      const queued: Array<{ id: number; sn: string }> = []
      for (let round = 0; round < COMMANDS_PER_TERMINAL; round += 1) {
        for (const [i, t] of terminals.entries()) {
          // Alternate: half the commands go through the server the terminal does not talk to.
          const via = servers[(i + round) % 2] as ServerHandle
          queued.push({ id: await queueCommand(via, t.sn, { type: 'info' }), sn: t.sn })
        }
      }
      const results: Command[] = []
      for (const q of queued) {
        const reader = servers[results.length % 2] as ServerHandle
        results.push(await waitForCommandDone(reader, q.id))
      }
      for (const [i, r] of results.entries()) {
        expect(r, `command ${r.id}`).toMatchObject({
          sn: queued[i]?.sn,
          status: 'succeeded',
          attempts: 1,
        })
      }
      // The INFO report names the device that ran it: each result reached its own command.
      for (const r of results) {
        const content = (r.result as { content?: string } | null)?.content ?? ''
        expect(content, `result of ${r.id}`).toContain(`~SerialNumber=${r.sn}\n`)
      }
    })
  },
)
