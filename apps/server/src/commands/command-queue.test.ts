import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SN = 'CQ0001'

describe.each(testDbKinds())('command queue on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  let clock: Date
  beforeEach(async () => {
    clock = new Date('2025-03-01T10:00:00Z')
    server = await createTestServer(kind, { commandRedeliverySeconds: 60 }, () => clock)
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })
  const advance = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000)
  }

  it('queues, delivers once, and completes on the result', async () => {
    const { commands } = server.services
    const { id, status } = await commands.enqueue({
      sn: SN,
      type: 'info',
      command: { type: 'INFO' },
    })
    expect(status).toBe('queued')
    expect(Number.isInteger(id) && id >= 1 && id <= 2 ** 31 - 1).toBe(true)
    const first = await commands.claimForDelivery(SN)
    expect(first.map((c) => [c.id, c.text, c.status, c.attempts])).toEqual([
      [id, 'INFO', 'sent', 1],
    ])
    expect(await commands.claimForDelivery(SN)).toEqual([])
    expect(commands.nothingDue(SN)).toBe(true)
    const done = await commands.recordResults(SN, [{ id: String(id), returnCode: 0, cmd: 'INFO' }])
    expect(done).toHaveLength(1)
    const row = await commands.get(id)
    expect(row).toMatchObject({
      status: 'succeeded',
      returnCode: 0,
      resultMeaning: expect.any(String),
    })
    expect(row?.completedAt?.toISOString()).toBe(clock.toISOString())
  })

  it('delivers a batch in the order it was queued', async () => {
    const { commands } = server.services
    const inputs = Array.from({ length: 12 }, (_, i) => ({
      sn: SN,
      type: 'raw' as const,
      command: {
        type: 'DATA DELETE' as const,
        table: 'USERINFO' as const,
        condition: [['PIN', String(i)]] as Array<[string, string]>,
      },
    }))
    const queued = await commands.enqueueMany(inputs)
    const delivered = await commands.claimForDelivery(SN)
    expect(delivered.map((c) => c.id)).toEqual(queued.map((q) => q.id))
  })

  it('marks a negative return failed with its meaning, and ignores unknown ids and other serials', async () => {
    const { commands } = server.services
    const { id } = await commands.enqueue({
      sn: SN,
      type: 'delete-user',
      command: { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '7']] },
    })
    await commands.claimForDelivery(SN)
    expect(await commands.recordResults('OTHER', [{ id: String(id), returnCode: 0 }])).toEqual([])
    for (const unknown of ['nosuchid', '0', '99999', '2147483648', '99999999999', '-1']) {
      expect(await commands.recordResults(SN, [{ id: unknown, returnCode: 0 }])).toEqual([])
    }
    await commands.recordResults(SN, [{ id: String(id), returnCode: -1002, cmd: 'DATA' }])
    const row = await commands.get(id)
    expect(row?.status).toBe('failed')
    expect(row?.returnCode).toBe(-1002)
    expect(row?.resultMeaning).toMatch(/support/i)
  })

  it('re-delivers a sent command with no result after the redelivery period', async () => {
    const { commands } = server.services
    const { id } = await commands.enqueue({ sn: SN, type: 'check', command: { type: 'CHECK' } })
    await commands.claimForDelivery(SN)
    advance(30)
    expect(commands.nothingDue(SN)).toBe(true)
    expect(await commands.claimForDelivery(SN)).toEqual([])
    advance(31)
    expect(commands.nothingDue(SN)).toBe(false)
    const again = await commands.claimForDelivery(SN)
    expect(again.map((c) => [c.id, c.attempts])).toEqual([[id, 2]])
  })

  it('puts a reboot last, and a newer reboot replaces an older one still pending', async () => {
    const { commands } = server.services
    const r1 = await commands.enqueue({ sn: SN, type: 'reboot', command: { type: 'REBOOT' } })
    const info = await commands.enqueue({ sn: SN, type: 'info', command: { type: 'INFO' } })
    advance(1)
    const r2 = await commands.enqueue({ sn: SN, type: 'reboot', command: { type: 'REBOOT' } })
    const first = await commands.claimForDelivery(SN)
    expect(first.map((c) => c.id)).toEqual([info.id, r2.id])
    expect(await commands.get(r1.id)).toMatchObject({ status: 'failed', reason: 'superseded' })
    expect(await commands.claimForDelivery(SN)).toEqual([])
  })

  it('keeps at most one pending set-time per device', async () => {
    const { commands } = server.services
    const setTime = { type: 'SET OPTION' as const, key: 'DateTime', value: '583080894' }
    const a = await commands.enqueue({ sn: SN, type: 'set-time', command: setTime })
    const b = await commands.enqueue({ sn: SN, type: 'set-time', command: setTime })
    expect(b.id).toBe(a.id)
    const other = await commands.enqueue({ sn: 'OTHER', type: 'set-time', command: setTime })
    expect(other.id).not.toBe(a.id)
    await commands.claimForDelivery(SN)
    await commands.recordResults(SN, [{ id: String(a.id), returnCode: 0, cmd: 'SET OPTION' }])
    const c = await commands.enqueue({ sn: SN, type: 'set-time', command: setTime })
    expect(c.id).not.toBe(a.id)
    expect(c.status).toBe('queued')
  })

  it('expires commands past their age and never delivers them', async () => {
    const { commands } = server.services
    const { id } = await commands.enqueue({
      sn: SN,
      type: 'info',
      command: { type: 'INFO' },
      expiresAt: new Date(clock.getTime() + 5000),
    })
    advance(10)
    expect(await commands.claimForDelivery(SN)).toEqual([])
    expect(await commands.expire()).toBe(1)
    expect((await commands.get(id))?.status).toBe('expired')
  })

  it('refuses a command that would break the line framing', async () => {
    await expect(
      server.services.commands.enqueue({
        sn: SN,
        type: 'raw',
        command: { type: 'SHELL', command: 'ls\nreboot' },
      }),
    ).rejects.toThrow(/cannot be sent/)
  })

  it('lists a device’s commands newest first with a cursor', async () => {
    const { commands } = server.services
    const ids: number[] = []
    for (let i = 0; i < 5; i++) {
      ids.push((await commands.enqueue({ sn: SN, type: 'info', command: { type: 'INFO' } })).id)
      advance(1)
    }
    const page1 = await commands.listForDevice(SN, { limit: 3 })
    expect(page1.items.map((c) => c.id)).toEqual(ids.slice(2).reverse())
    const page2 = await commands.listForDevice(SN, { limit: 3, cursor: page1.nextCursor as string })
    expect(page2.items.map((c) => c.id)).toEqual(ids.slice(0, 2).reverse())
    expect(page2.nextCursor).toBeUndefined()
  })
})
