import { beforeAll, describe, expect, it } from 'vitest'
import {
  allPunches,
  createPeople,
  type DeviceView,
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

const PEOPLE = 200
const SCANS = 2000

describe('terminal SIGKILLed while pushing its backlog', () => {
  const scenario = useScenario()
  let server: ServerHandle
  let terminal: TerminalHandle
  let people: PersonSpec[]

  beforeAll(async () => {
    const database = await scenario.database()
    server = await scenario.server({ database })
    terminal = await scenario.terminal({
      sn: 'E2ETCRASH1',
      serverUrl: server.url,
      // Small batches, so the kill lands between batches as well as inside one.
      config: { duplicateWindowSeconds: 0, batchCap: 100 },
    })
    const group = await groupOf(server, 'Plant', [terminal])
    people = await createPeople(server, { count: PEOPLE, groupId: group.id })
    await waitForUsers(terminal, PEOPLE, 120_000)
  })

  it(`${SCANS} punches end up on the server exactly once after a kill and a restart`, async () => {
    await server.stop()
    await scanBacklog(
      terminal,
      people.map((p) => p.card),
      SCANS,
    )
    expect(await terminal.state()).toMatchObject({ unsentPunches: SCANS, totalPunches: SCANS })

    await server.restart()
    const seenAtKill = await waitFor(
      'the first batch to land',
      async () => {
        const d = await server.api<DeviceView>('GET', `/api/devices/${terminal.sn}`)
        return d.punchCount > 0 ? d.punchCount : undefined
      },
      60_000,
      10,
    )
    await terminal.kill()
    const stored = (await allPunches(server, { sn: terminal.sn })).length
    process.stdout.write(`terminal killed with ${seenAtKill} punches seen, ${stored} stored\n`)

    await terminal.start()
    const punches = await waitForPunches(server, terminal.sn, SCANS, 120_000)
    expect(punches).toHaveLength(SCANS)
    expect(duplicatePunches(punches)).toEqual([])
    await waitFor('the restarted terminal to mark every punch sent', async () => {
      const s = await terminal.state()
      return s.unsentPunches === 0 && s.totalPunches === SCANS
    })
    await waitForPolls(server, terminal.sn, 3)
    expect(await allPunches(server, { sn: terminal.sn })).toHaveLength(SCANS)
  })
})
