import { beforeAll, describe, expect, it } from 'vitest'
import {
  allPunches,
  createPeople,
  duplicatePunches,
  groupOf,
  type PersonSpec,
  type ServerHandle,
  scanBacklog,
  type TerminalHandle,
  useScenario,
  waitFor,
  waitForPolls,
  waitForPunches,
  waitForUsers,
} from '../harness'

const PEOPLE = 50
const SCANS = 200

describe('server down: punches wait on the terminal', () => {
  const scenario = useScenario()
  let server: ServerHandle
  let terminal: TerminalHandle
  let people: PersonSpec[]

  beforeAll(async () => {
    const database = await scenario.database()
    server = await scenario.server({ database })
    terminal = await scenario.terminal({
      sn: 'E2EOFFLINE1',
      serverUrl: server.url,
      config: { duplicateWindowSeconds: 0 },
    })
    const group = await groupOf(server, 'Warehouse', [terminal])
    people = await createPeople(server, { count: PEOPLE, groupId: group.id })
    await waitForUsers(terminal, PEOPLE)
  })

  it(`${SCANS} scans made while the server is down all arrive once it is back, exactly once`, async () => {
    await server.stop()
    await scanBacklog(
      terminal,
      people.map((p) => p.card),
      SCANS,
    )
    expect(await terminal.state()).toMatchObject({ unsentPunches: SCANS, totalPunches: SCANS })

    await server.restart()
    const punches = await waitForPunches(server, terminal.sn, SCANS, 90_000)
    expect(punches).toHaveLength(SCANS)
    expect(duplicatePunches(punches)).toEqual([])
    for (const p of people) {
      expect(
        punches.filter((x) => x.pin === p.pin),
        `punches of ${p.pin}`,
      ).toHaveLength(SCANS / PEOPLE)
    }
    await waitFor('the terminal to mark every punch sent', async () => {
      return (await terminal.state()).unsentPunches === 0
    })
    await waitForPolls(server, terminal.sn, 3)
    expect(await allPunches(server, { sn: terminal.sn })).toHaveLength(SCANS)
  })
})
