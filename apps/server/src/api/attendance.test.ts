import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { deviceGroups, devices, groups, people, punches } from '../db/schema'
import { call } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

interface Page {
  items: Array<{
    id: number
    pin: string
    localTime: string
    punchedAt: string
    status: number
    state: string
    verifyMode: string
    personName: string | null
  }>
  nextCursor: string | null
}

describe.each(testDbKinds())('attendance API on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  beforeEach(async () => {
    server = await createTestServer(kind)
    const rows = []
    // Several punches share an instant so the id tie-break is exercised.
    for (let i = 0; i < 7; i++) {
      const minute = Math.floor(i / 2)
      rows.push({
        sn: i % 2 ? 'A' : 'B',
        pin: String(100 + i),
        localTime: `2025-01-15 09:0${minute}:00`,
        punchedAt: new Date(`2025-01-15T08:0${minute}:00Z`),
        status: i % 2,
        verify: 1,
      })
    }
    await server.services.db.insert(punches).values(rows)
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })

  async function all(query: string, limit: number) {
    const seen: Page['items'] = []
    let cursor = ''
    for (let guard = 0; guard < 20; guard++) {
      const res = await call(server, 'GET', `/api/attendance?limit=${limit}${query}${cursor}`)
      expect(res.status).toBe(200)
      const page = (await res.json()) as Page
      seen.push(...page.items)
      if (!page.nextCursor) break
      cursor = `&cursor=${page.nextCursor}`
    }
    return seen
  }

  const keyOf = (p: Page['items'][number]) => `${p.punchedAt}|${String(p.id).padStart(6, '0')}`

  it('lists newest first by default, oldest first on request, paging stably on (punched_at, id)', async () => {
    const newest = await all('', 100)
    expect(newest).toHaveLength(7)
    const newestKeys = newest.map(keyOf)
    expect(newestKeys).toEqual([...newestKeys].sort().reverse())
    for (const limit of [1, 2, 3]) expect(await all('', limit)).toEqual(newest)
    const whole = await all('&sort=oldest', 100)
    expect(whole).toEqual([...newest].reverse())
    for (const limit of [1, 2, 3]) expect(await all('&sort=oldest', limit)).toEqual(whole)
    const keys = whole.map(keyOf)
    expect([...keys].sort()).toEqual(keys)
    expect(whole[0]).toMatchObject({
      localTime: '2025-01-15 09:00:00',
      punchedAt: '2025-01-15T08:00:00.000Z',
    })
  })

  it('does not skip or repeat when punches arrive between pages', async () => {
    const first = (await (
      await call(server, 'GET', '/api/attendance?limit=3&sort=oldest')
    ).json()) as Page
    await server.services.db.insert(punches).values({
      sn: 'A',
      pin: '999',
      localTime: '2025-01-15 09:09:00',
      punchedAt: new Date('2025-01-15T08:09:00Z'),
      status: 0,
      verify: 1,
    })
    const rest = await all(`&sort=oldest&cursor=${first.nextCursor}`, 3)
    const pins = [...first.items, ...rest].map((p) => p.pin)
    expect(new Set(pins).size).toBe(pins.length)
    expect(pins).toHaveLength(8)
  })

  it('filters by device, PIN and time range', async () => {
    expect((await all('&sn=A', 10)).every((p) => p.pin !== '100')).toBe(true)
    expect((await all('&pin=103', 10)).map((p) => p.pin)).toEqual(['103'])
    const range = await all('&from=2025-01-15T08:01:00Z&to=2025-01-15T08:02:00Z', 10)
    expect(range.map((p) => p.pin).sort()).toEqual(['102', '103'])
  })

  it('carries the person and the words for state and verify mode', async () => {
    await server.services.db.insert(people).values({ pin: '101', name: 'Ana Ruiz' })
    const rows = await all('&sort=oldest', 100)
    expect(rows.find((p) => p.pin === '101')).toMatchObject({
      personName: 'Ana Ruiz',
      status: 1,
      state: 'check-out',
      verifyMode: 'fingerprint',
    })
    expect(rows.find((p) => p.pin === '100')?.personName).toBeNull()
  })

  it('flags punches of a PIN no person has: a filter, and a count per device', async () => {
    await server.services.db.insert(people).values([{ pin: '101' }, { pin: '102' }])
    await server.services.db.insert(devices).values([{ sn: 'A' }, { sn: 'B' }])
    const flagged = await all('&unknownPerson=true&sort=oldest', 10)
    expect(flagged.map((p) => p.pin)).toEqual(['100', '103', '104', '105', '106'])
    expect(flagged.every((p) => (p as { unknownPerson?: boolean }).unknownPerson)).toBe(true)
    expect((await all('&unknownPerson=true&sn=A', 10)).map((p) => p.pin).sort()).toEqual([
      '103',
      '105',
    ])
    const counts = Object.fromEntries(
      await Promise.all(
        ['A', 'B'].map(async (sn) => {
          const device = (await (await call(server, 'GET', `/api/devices/${sn}`)).json()) as {
            punchCount: number
            punchesOfUnknownPeople: number
          }
          return [sn, [device.punchCount, device.punchesOfUnknownPeople]]
        }),
      ),
    )
    expect(counts).toEqual({ A: [3, 2], B: [4, 3] })
  })

  it("filters by a group's devices, and reads day and month bounds in the time zone", async () => {
    await server.services.db.insert(devices).values([{ sn: 'A' }, { sn: 'B' }])
    const [group] = await server.services.db.insert(groups).values({ name: 'Front' }).returning()
    await server.services.db.insert(deviceGroups).values({ sn: 'A', groupId: group?.id ?? 0 })
    const front = await all('&group=Front', 10)
    expect(front.length).toBe(3)
    expect(front.every((p) => Number(p.pin) % 2 === 1)).toBe(true)
    // 08:00Z on 15 January is still the 14th in Honolulu (UTC-10): there the punches fall on the day before.
    expect(await all('&from=2025-01-15&to=2025-01-15&timeZone=UTC', 10)).toHaveLength(7)
    const honolulu = (day: string) => `&from=${day}&to=${day}&timeZone=Pacific/Honolulu`
    expect(await all(honolulu('2025-01-15'), 10)).toHaveLength(0)
    expect(await all(honolulu('2025-01-14'), 10)).toHaveLength(7)
    expect(await all('&from=2025-01&to=2025-01', 10)).toHaveLength(7)
    expect(await all('&from=2025-01-15T08:01:00&timeZone=UTC&sort=oldest', 10)).toHaveLength(5)
  })

  it('refuses a date that reads differently from country to country, saying what to send', async () => {
    const res = await call(server, 'GET', '/api/attendance?from=01/12/2026')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toMatch(
      /from must be ISO 8601: a day \(2026-12-01\), a month \(2026-12\)/,
    )
  })

  it('refuses a cursor of the other sort order', async () => {
    const page = (await (await call(server, 'GET', '/api/attendance?limit=2')).json()) as Page
    const res = await call(server, 'GET', `/api/attendance?sort=oldest&cursor=${page.nextCursor}`)
    expect(res.status).toBe(400)
  })

  it('answers 400 to bad parameters', async () => {
    for (const q of ['limit=0', 'limit=abc', 'from=yesterday', 'cursor=bm9wZQ', 'sort=up']) {
      const res = await call(server, 'GET', `/api/attendance?${q}`)
      expect(res.status, q).toBe(400)
      expect(((await res.json()) as { message: string }).message.length).toBeGreaterThan(0)
    }
  })
})
