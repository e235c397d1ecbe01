import { afterEach, describe, expect, it } from 'vitest'
import type { ServerConfig } from '../config'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SN = 'END0001'

describe.each(testDbKinds())('commands end on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  let clock: Date
  const start = async (overrides: Partial<ServerConfig> = {}) => {
    clock = new Date('2025-03-01T10:00:00Z')
    server = await createTestServer(
      kind,
      { commandRedeliverySeconds: 60, ...overrides },
      () => clock,
    )
  }
  afterEach(async () => {
    await server.close()
  })
  const advance = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000)
  }

  it('fails a command with no-result after the maximum deliveries, and never sends it again', async () => {
    await start()
    const { commands } = server.services
    const { id } = await commands.enqueue({ sn: SN, type: 'check', command: { type: 'CHECK' } })
    const attempts: number[] = []
    for (let poll = 0; poll < 20; poll++) {
      for (const c of await commands.claimForDelivery(SN)) attempts.push(c.attempts)
      advance(61)
    }
    expect(attempts).toEqual([1, 2, 3])
    expect(await commands.get(id)).toMatchObject({
      status: 'failed',
      reason: 'no-result',
      attempts: 3,
      returnCode: null,
    })
    expect(commands.nothingDue(SN)).toBe(true)
  })

  it('takes the maximum from COMMAND_MAX_DELIVERIES', async () => {
    await start({ commandMaxDeliveries: 1 })
    const { commands } = server.services
    const { id } = await commands.enqueue({ sn: SN, type: 'check', command: { type: 'CHECK' } })
    expect(await commands.claimForDelivery(SN)).toHaveLength(1)
    advance(61)
    expect(await commands.claimForDelivery(SN)).toEqual([])
    expect((await commands.get(id))?.status).toBe('failed')
  })

  it('fails an unanswered command on the sweep even when the device stops polling', async () => {
    await start()
    const { commands } = server.services
    const { id } = await commands.enqueue({ sn: SN, type: 'info', command: { type: 'INFO' } })
    for (let i = 0; i < 3; i++) {
      await commands.claimForDelivery(SN)
      advance(61)
    }
    expect((await commands.get(id))?.status).toBe('sent')
    expect(await commands.expire()).toBe(1)
    expect(await commands.get(id)).toMatchObject({ status: 'failed', reason: 'no-result' })
  })

  it('keeps a late result: the device’s own word replaces no-result', async () => {
    await start({ commandMaxDeliveries: 1 })
    const { commands } = server.services
    const { id } = await commands.enqueue({ sn: SN, type: 'info', command: { type: 'INFO' } })
    await commands.claimForDelivery(SN)
    advance(61)
    await commands.expire()
    await commands.recordResults(SN, [{ id: String(id), returnCode: 0, cmd: 'INFO' }])
    expect(await commands.get(id)).toMatchObject({
      status: 'succeeded',
      reason: null,
      returnCode: 0,
    })
    // A final result is never overwritten by a repeated one.
    await commands.recordResults(SN, [{ id: String(id), returnCode: -1, cmd: 'INFO' }])
    expect((await commands.get(id))?.returnCode).toBe(0)
  })

  it('lets a newer reboot supersede an unanswered older one, which never goes out again', async () => {
    await start()
    const { commands } = server.services
    const old = await commands.enqueue({ sn: SN, type: 'reboot', command: { type: 'REBOOT' } })
    expect((await commands.claimForDelivery(SN)).map((c) => c.id)).toEqual([old.id])
    advance(10)
    const info = await commands.enqueue({ sn: SN, type: 'info', command: { type: 'INFO' } })
    const control = await commands.enqueue({
      sn: SN,
      type: 'reboot',
      command: { type: 'CONTROL DEVICE', action: 3, params: [0, 0, 0] },
    })
    expect(await commands.get(old.id)).toMatchObject({ status: 'failed', reason: 'superseded' })
    expect(await commands.get(info.id)).toMatchObject({ status: 'queued' })
    const sent: string[] = []
    for (let poll = 0; poll < 10; poll++) {
      for (const c of await commands.claimForDelivery(SN)) sent.push(`${c.id}:${c.text}`)
      advance(61)
    }
    // The newer reboot goes first time, after the INFO queued before it; the older one never again.
    expect(sent.slice(0, 2)).toEqual([`${info.id}:INFO`, `${control.id}:CONTROL DEVICE 03000000`])
    expect(sent.some((s) => s.startsWith(`${old.id}:`))).toBe(false)
  })
})
