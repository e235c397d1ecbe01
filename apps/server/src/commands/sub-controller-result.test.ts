import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SN = 'ACC5000'

describe.each(testDbKinds())('Security PUSH -5000 results on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  let clock: Date
  beforeEach(async () => {
    clock = new Date('2025-03-01T10:00:00Z')
    server = await createTestServer(kind, { commandRedeliverySeconds: 60 }, () => clock)
    await server.request(`/iclock/cdata?SN=${SN}&options=all&pushver=3.1.2&DeviceType=acc`)
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })
  const result = (id: number, code: number) =>
    server.request(`/iclock/devicecmd?SN=${SN}&pushver=3.1.2&DeviceType=acc`, {
      method: 'POST',
      body: `ID=${id}&Return=${code}&CMD=DATA&SN=SUB01\n`,
    })

  it('keeps a command sent, not re-delivered, until the sub-controller answers', async () => {
    const { commands } = server.services
    const { id } = await commands.enqueue({
      sn: SN,
      type: 'delete-user',
      command: { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '7']] },
    })
    expect(await commands.claimForDelivery(SN)).toHaveLength(1)
    expect(await (await result(id, -5000)).text()).toBe('OK')
    expect(await commands.get(id)).toMatchObject({
      status: 'sent',
      returnCode: -5000,
      resultMeaning: 'accepted, pending on the sub-controller',
      result: { cmd: 'DATA', sn: 'SUB01' },
      completedAt: null,
    })
    clock = new Date(clock.getTime() + 10 * 60_000)
    expect(await commands.claimForDelivery(SN)).toEqual([])
    expect(commands.nothingDue(SN)).toBe(true)
    await result(id, 0)
    expect(await commands.get(id)).toMatchObject({
      status: 'succeeded',
      returnCode: 0,
      completedAt: clock,
    })
  })

  it('fails on a sub-controller error that follows the -5000', async () => {
    const { commands } = server.services
    const { id } = await commands.enqueue({ sn: SN, type: 'info', command: { type: 'INFO' } })
    await commands.claimForDelivery(SN)
    await result(id, -5000)
    await result(id, -1003)
    expect(await commands.get(id)).toMatchObject({ status: 'failed', returnCode: -1003 })
  })

  it('treats -5000 from attendance firmware as a failure', async () => {
    const { commands } = server.services
    const { id } = await commands.enqueue({ sn: 'ATT1', type: 'info', command: { type: 'INFO' } })
    await commands.recordResults(
      'ATT1',
      [{ id: String(id), returnCode: -5000, cmd: 'INFO' }],
      'att',
    )
    expect(await commands.get(id)).toMatchObject({ status: 'failed', returnCode: -5000 })
  })
})
