import { beforeAll, describe, expect, it } from 'vitest'
import {
  expectExactlyOnce,
  type StaffedTerminal,
  scanBacklog,
  staffedTerminal,
  useScenario,
  waitForPunches,
} from '../harness'

const PEOPLE = 50
const SCANS = 200

describe('server down: punches wait on the terminal', () => {
  const scenario = useScenario()
  let site: StaffedTerminal

  beforeAll(async () => {
    site = await staffedTerminal(scenario, {
      sn: 'E2EOFFLINE1',
      people: PEOPLE,
      group: 'Warehouse',
    })
  })

  it(`${SCANS} scans made while the server is down all arrive once it is back, exactly once`, async () => {
    const { server, terminal, people } = site
    await server.stop()
    await scanBacklog(terminal, site.cards, SCANS)
    expect(await terminal.state()).toMatchObject({ unsentPunches: SCANS, totalPunches: SCANS })

    await server.restart()
    await expectExactlyOnce(server, terminal, SCANS)
    const punches = await waitForPunches(server, terminal.sn, SCANS)
    for (const p of people) {
      expect(
        punches.filter((x) => x.pin === p.pin),
        `punches of ${p.pin}`,
      ).toHaveLength(SCANS / PEOPLE)
    }
  })
})
