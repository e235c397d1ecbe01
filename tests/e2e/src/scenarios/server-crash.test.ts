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

const PEOPLE = 100
const SCANS = 1000

describe('server SIGKILLed during ingest', () => {
  const scenario = useScenario()
  let server: ServerHandle
  let terminal: TerminalHandle
  let people: PersonSpec[]

  beforeAll(async () => {
    const database = await scenario.database()
    server = await scenario.server({ database })
    terminal = await scenario.terminal({
      sn: 'E2ESCRASH1',
      serverUrl: server.url,
      config: { duplicateWindowSeconds: 0, batchCap: 50 },
    })
    const group = await groupOf(server, 'Depot', [terminal])
    people = await createPeople(server, { count: PEOPLE, groupId: group.id })
    await waitForUsers(terminal, PEOPLE, 90_000)
  })

  it('loses nothing and doubles nothing once restarted', async () => {
    await server.stop()
    await scanBacklog(
      terminal,
      people.map((p) => p.card),
      SCANS,
    )
    await server.restart()
    const seenAtKill = await waitFor(
      'ingest to begin',
      async () => {
        const d = await server.api<DeviceView>('GET', `/api/devices/${terminal.sn}`)
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
    const punches = await waitForPunches(server, terminal.sn, SCANS, 120_000)
    expect(punches).toHaveLength(SCANS)
    expect(duplicatePunches(punches)).toEqual([])
    await waitFor('the terminal to mark every punch sent', async () => {
      return (await terminal.state()).unsentPunches === 0
    })
    await waitForPolls(server, terminal.sn, 3)
    expect(await allPunches(server, { sn: terminal.sn })).toHaveLength(SCANS)
  })
})
