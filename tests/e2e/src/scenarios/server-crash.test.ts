import { beforeAll, describe, it } from 'vitest'
import {
  expectExactlyOnce,
  ok,
  type StaffedTerminal,
  scanBacklog,
  staffedTerminal,
  useScenario,
  waitFor,
} from '../harness'

const PEOPLE = 100
const SCANS = 1000

describe('server SIGKILLed during ingest', () => {
  const scenario = useScenario()
  let site: StaffedTerminal

  beforeAll(async () => {
    site = await staffedTerminal(scenario, {
      sn: 'E2ESCRASH1',
      people: PEOPLE,
      group: 'Depot',
      batchCap: 50,
    })
  })

  it('loses nothing and doubles nothing once restarted', async () => {
    const { server, terminal } = site
    await server.stop()
    await scanBacklog(terminal, site.cards, SCANS)
    await server.restart()
    const seenAtKill = await waitFor(
      'ingest to begin',
      async () => {
        const d = await ok(server.client.api.devices({ sn: terminal.sn }).get(), 'device')
        return d.punchCount > 0 ? d.punchCount : undefined
      },
      60_000,
      10,
    )
    await server.kill()
    const unsentAtKill = (await terminal.state()).unsentPunches
    process.stdout.write(
      `server killed with ${seenAtKill} punches seen; terminal still had ${unsentAtKill} unsent\n`,
    )

    await server.restart()
    await expectExactlyOnce(server, terminal, SCANS)
  })
})
