import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { devices, people, punches } from '../db/schema'
import { MANUAL_SN } from '../punches'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SETUP_TIMEOUT_MS = 60_000

describe.each(testDbKinds())('manual punches on %s', (kind) => {
  let server: TestServer
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    server.request('/api/attendance', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })

  // The first database in a worker migrates PGlite from scratch: slow on a busy machine.
  beforeEach(async () => {
    server = await createTestServer(kind, { defaultTimeZone: 'UTC' })
    await server.services.db.insert(people).values({ pin: '42', name: 'Ana' })
    await server.services.db
      .insert(devices)
      .values({ sn: 'DEV1', name: 'Lobby', timeZone: 'Asia/Kolkata' })
  }, SETUP_TIMEOUT_MS)
  afterEach(async () => {
    await server.close()
  })

  it('stores a wall-clock punch in the given zone, marked manual and by whom', async () => {
    const res = await post({
      pin: '42',
      time: '2024-01-15 07:32:00',
      timeZone: 'America/Mexico_City',
      status: 1,
      note: 'forgot badge',
    })
    expect(res.status).toBe(201)
    const { created, punch } = (await res.json()) as {
      created: boolean
      punch: Record<string, unknown>
    }
    expect(created).toBe(true)
    expect(punch).toMatchObject({
      sn: MANUAL_SN,
      pin: '42',
      localTime: '2024-01-15 07:32:00',
      punchedAt: '2024-01-15T13:32:00.000Z',
      status: 1,
      state: 'check-out',
      source: 'manual',
      createdBy: 'admin',
      note: 'forgot badge',
    })
  })

  it("reads an ISO instant into the device's wall clock", async () => {
    const res = await post({ pin: '42', sn: 'DEV1', time: '2024-01-15T02:02:00Z' })
    expect(res.status).toBe(201)
    const { punch } = (await res.json()) as { punch: Record<string, unknown> }
    expect(punch).toMatchObject({ sn: 'DEV1', localTime: '2024-01-15 07:32:00', status: 0 })
  })

  it('is idempotent on device, PIN, local time and state', async () => {
    const body = { pin: '42', time: '2024-01-15 08:00:00', status: 0 }
    const first = await post(body)
    const again = await post(body)
    expect(first.status).toBe(201)
    expect(again.status).toBe(200)
    const a = (await first.json()) as { punch: { id: number } }
    const b = (await again.json()) as { created: boolean; punch: { id: number } }
    expect(b.created).toBe(false)
    expect(b.punch.id).toBe(a.punch.id)
    expect(await server.services.db.select().from(punches)).toHaveLength(1)
  })

  it('refuses unknown people, devices, zones and malformed times with 400', async () => {
    const bad = [
      { pin: '999', time: '2024-01-15 08:00:00' },
      { pin: '42', sn: 'NOPE', time: '2024-01-15 08:00:00' },
      { pin: '42', time: '2024-01-15 08:00:00', timeZone: 'Mars/Base' },
      { pin: '42', time: '2024-02-30 08:00:00' },
      { pin: '42', time: '2024-01-15T08:00:00+25:00' },
      { pin: '42', time: 'yesterday' },
      { pin: '42', time: '2024-01-15 08:00:00', status: 256 },
      { time: '2024-01-15 08:00:00' },
    ]
    for (const body of bad) {
      const res = await post(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expect(await server.services.db.select().from(punches)).toHaveLength(0)
  })
})
