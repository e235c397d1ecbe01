import { beforeAll, describe, expect, it } from 'vitest'
import {
  allPunches,
  duplicatePunches,
  groupOf,
  ok,
  type ServerHandle,
  scanBacklog,
  type TerminalHandle,
  useScenario,
  waitFor,
  waitForDevice,
  waitForPolls,
  waitForPunches,
  waitForUsers,
} from '../harness'

const SCANS = 3

describe('device admission (DEVICE_ADMISSION=approve)', () => {
  const scenario = useScenario()
  let gated: ServerHandle
  let terminal: TerminalHandle

  beforeAll(async () => {
    // The terminal gets its user on an open server, then moves to one that requires approval.
    const open = await scenario.server({ database: await scenario.database() })
    terminal = await scenario.terminal({
      sn: 'E2EADMIT1',
      serverUrl: open.url,
      config: { duplicateWindowSeconds: 0 },
    })
    const group = await groupOf(open, 'Gate', [terminal])
    await ok(
      open.client.api.people.post({
        pin: '7',
        name: 'Seven',
        card: '4440007',
        groupIds: [group.id],
      }),
      'create person 7',
    )
    await waitForUsers(terminal, 1)
    await terminal.stop()
    await open.stop()

    gated = await scenario.server({ database: await scenario.database(), admission: 'approve' })
    await terminal.start({ serverUrl: gated.url })
  })

  it('acknowledges nothing until the device is approved, then takes its backlog', async () => {
    const device = await waitForDevice(gated, terminal.sn)
    expect(device.status).toBe('pending')

    await scanBacklog(terminal, ['4440007'], SCANS)
    await waitForPolls(gated, terminal.sn, 3)
    const waiting = await terminal.state()
    expect(waiting).toMatchObject({ unsentPunches: SCANS, totalPunches: SCANS })
    expect(waiting.sync?.registration).toBe('pending')
    expect(await allPunches(gated, { sn: terminal.sn })).toEqual([])
    expect(await ok(gated.client.api.devices({ sn: terminal.sn }).get(), 'device')).toMatchObject({
      status: 'pending',
      punchCount: 0,
    })

    await ok(gated.client.api.devices({ sn: terminal.sn }).approve.post(), 'approve')
    const punches = await waitForPunches(gated, terminal.sn, SCANS)
    expect(punches).toHaveLength(SCANS)
    expect(duplicatePunches(punches)).toEqual([])
    expect(punches.every((p) => p.pin === '7')).toBe(true)
    await waitFor('the terminal to mark its backlog sent', async () => {
      return (await terminal.state()).unsentPunches === 0
    })
  })
})
