import { beforeAll, describe, expect, it } from 'vitest'
import {
  allPunches,
  expectExactlyOnce,
  ok,
  type StaffedTerminal,
  scanBacklog,
  staffedTerminal,
  useScenario,
  waitFor,
} from '../harness'

const PEOPLE = 200
const SCANS = 2000

describe('terminal SIGKILLed while pushing its backlog', () => {
  const scenario = useScenario()
  let site: StaffedTerminal

  beforeAll(async () => {
    // Small batches, so the kill lands between batches as well as inside one.
    site = await staffedTerminal(scenario, {
      sn: 'E2ETCRASH1',
      people: PEOPLE,
      group: 'Plant',
      batchCap: 100,
    })
  })

  it(`${SCANS} punches end up on the server exactly once after a kill and a restart`, async () => {
    const { server, terminal } = site
    await server.stop()
    await scanBacklog(terminal, site.cards, SCANS)
    expect(await terminal.state()).toMatchObject({ unsentPunches: SCANS, totalPunches: SCANS })

    await server.restart()
    const seenAtKill = await waitFor(
      'the first batch to land',
      async () => {
        const d = await ok(server.client.api.devices({ sn: terminal.sn }).get(), 'device')
        return d.punchCount > 0 ? d.punchCount : undefined
      },
      60_000,
      10,
    )
    await terminal.kill()
    const stored = (await allPunches(server, { sn: terminal.sn })).length
    process.stdout.write(`terminal killed with ${seenAtKill} punches seen, ${stored} stored\n`)

    await terminal.start()
    await expectExactlyOnce(server, terminal, SCANS)
  })
})
