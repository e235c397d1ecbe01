import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { punches } from '../db/schema'
import { call } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

interface Page {
  items: Array<{ id: number; pin: string; localTime: string; punchedAt: string; status: number }>
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

  it('pages stably on (punched_at, id), with local time and UTC instant', async () => {
    const whole = await all('', 100)
    expect(whole).toHaveLength(7)
    for (const limit of [1, 2, 3]) expect(await all('', limit)).toEqual(whole)
    const keys = whole.map((p) => `${p.punchedAt}|${String(p.id).padStart(6, '0')}`)
    expect([...keys].sort()).toEqual(keys)
    expect(whole[0]).toMatchObject({
      localTime: '2025-01-15 09:00:00',
      punchedAt: '2025-01-15T08:00:00.000Z',
    })
  })

  it('does not skip or repeat when punches arrive between pages', async () => {
    const first = (await (await call(server, 'GET', '/api/attendance?limit=3')).json()) as Page
    await server.services.db.insert(punches).values({
      sn: 'A',
      pin: '999',
      localTime: '2025-01-15 09:09:00',
      punchedAt: new Date('2025-01-15T08:09:00Z'),
      status: 0,
      verify: 1,
    })
    const rest = await all(`&cursor=${first.nextCursor}`, 3)
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

  it('answers 400 to bad parameters', async () => {
    for (const q of ['limit=0', 'limit=abc', 'from=yesterday', 'cursor=bm9wZQ']) {
      const res = await call(server, 'GET', `/api/attendance?${q}`)
      expect(res.status, q).toBe(400)
      expect(((await res.json()) as { message: string }).message.length).toBeGreaterThan(0)
    }
  })
})
