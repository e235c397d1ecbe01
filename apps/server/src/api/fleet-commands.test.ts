import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { deviceGroups, groups } from '../db/schema'
import { addDevice, call, queuedTexts } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const NOW = new Date('2025-03-10T12:00:00Z')

interface Fleet {
  commands: Array<{ sn: string; id: number; status: string }>
}

describe.each(testDbKinds())('fleet commands and cancelling on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  beforeEach(async () => {
    server = await createTestServer(kind, {}, () => NOW)
    await addDevice(server, 'DEV1', { timeZone: 'Asia/Kolkata' })
    await addDevice(server, 'DEV2', { timeZone: 'UTC' })
    await addDevice(server, 'DEV3')
    await addDevice(server, 'NEW1', { status: 'pending' })
    const [front] = await server.services.db.insert(groups).values({ name: 'Front' }).returning()
    await server.services.db.insert(deviceGroups).values([
      { sn: 'DEV1', groupId: front?.id ?? 0 },
      { sn: 'NEW1', groupId: front?.id ?? 0 },
    ])
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })

  it('queues one command to every approved device, each in its own zone', async () => {
    const res = await call(server, 'POST', '/api/commands', { type: 'set-time', all: true })
    expect(res.status).toBe(201)
    const { commands } = (await res.json()) as Fleet
    expect(commands.map((c) => [c.sn, c.status])).toEqual([
      ['DEV1', 'queued'],
      ['DEV2', 'queued'],
      ['DEV3', 'queued'],
    ])
    const texts = await queuedTexts(server)
    expect(texts).toHaveLength(3)
    // 12:00Z is 17:30 in Kolkata: the two zoned devices are told different zk-seconds.
    expect(new Set(texts.map((t) => t.split('DateTime=')[1])).size).toBe(2)
  })

  it("queues to a group's approved devices only", async () => {
    const res = await call(server, 'POST', '/api/commands', { type: 'reboot', group: 'Front' })
    expect(((await res.json()) as Fleet).commands.map((c) => c.sn)).toEqual(['DEV1'])
    expect(await queuedTexts(server)).toEqual(['DEV1: REBOOT'])
  })

  it('refuses a fleet command with neither or both targets, or an unknown group', async () => {
    for (const body of [
      { type: 'reboot' },
      { type: 'reboot', all: true, group: 'Front' },
      { type: 'reboot', group: 'Nobody' },
    ]) {
      const res = await call(server, 'POST', '/api/commands', body)
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400)
      expect(res.status, JSON.stringify(body)).toBeLessThan(500)
    }
    expect(await queuedTexts(server)).toEqual([])
  })

  it('cancels a queued command, so it is never delivered, and refuses one already sent', async () => {
    const queue = async () =>
      (
        (await (
          await call(server, 'POST', '/api/devices/DEV2/commands', { type: 'info' })
        ).json()) as { id: number }
      ).id
    const first = await queue()
    const res = await call(server, 'POST', `/api/commands/${first}/cancel`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: first, status: 'failed', reason: 'cancelled' })
    expect(await server.services.commands.claimForDelivery('DEV2')).toEqual([])
    const second = await queue()
    expect((await server.services.commands.claimForDelivery('DEV2')).map((c) => c.id)).toEqual([
      second,
    ])
    const sent = await call(server, 'POST', `/api/commands/${second}/cancel`)
    expect(sent.status).toBe(409)
    expect(((await sent.json()) as { message: string }).message).toMatch(/already sent/)
    expect((await server.services.commands.get(second))?.status).toBe('sent')
    expect((await call(server, 'POST', `/api/commands/${first}/cancel`)).status).toBe(409)
    expect((await call(server, 'POST', '/api/commands/999999/cancel')).status).toBe(404)
  })
})
