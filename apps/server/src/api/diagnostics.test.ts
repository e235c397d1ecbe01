import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { punches } from '../db/schema'
import { addDevice } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SN = 'DIAG0001'
const ZONE = 'Asia/Kolkata'

interface Page<T> {
  items: T[]
  nextCursor: string | null
}

describe.each(testDbKinds())('device diagnostics API on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  beforeEach(async () => {
    server = await createTestServer(kind)
    await addDevice(server, SN, { timeZone: ZONE })
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })
  const json = async <T>(path: string): Promise<T> => {
    const res = await server.request(path)
    expect(res.status).toBe(200)
    return (await res.json()) as T
  }
  const upload = (table: string, body: string) =>
    server.request(`/iclock/cdata?SN=${SN}&table=${table}`, { method: 'POST', body })

  it('lists the lines a device sent that could not be used, newest first, in pages', async () => {
    await upload('ATTLOG', '9\tnot-a-time\t0\t1\n10\t2025-01-15 08:00:00\t0\t1\t0\t0\t0\n')
    await upload('ATTLOG', '11\t2025-13-45 99:00:00\t0\t1\t0\t0\t0\n')
    type Line = { id: number; table: string; line: number; text: string; reason: string }
    const first = await json<Page<Line>>(`/api/devices/${SN}/rejected-lines?limit=1`)
    expect(first.items).toHaveLength(1)
    expect(first.items[0]).toMatchObject({ table: 'ATTLOG', line: 1 })
    expect(first.items[0]?.text).toContain('2025-13-45')
    expect(first.nextCursor).toEqual(expect.any(String))
    const rest = await json<Page<Line>>(
      `/api/devices/${SN}/rejected-lines?cursor=${first.nextCursor}`,
    )
    expect(rest.items.map((l) => [l.table, l.line, l.text])).toEqual([
      ['ATTLOG', 1, '9\tnot-a-time\t0\t1'],
    ])
    expect(rest.items[0]?.reason.length).toBeGreaterThan(0)
    expect(rest.nextCursor).toBeNull()
  })

  it('lists the errors a device reported', async () => {
    const body =
      'ERRORLOG ErrCode=D01E0001\tErrMsg=sensor failed\tDataOrigin=dev\tCmdId=abc\tAdditional=x\nERRORLOG ErrCode=S01E0002\tErrMsg=disk\n'
    expect(await (await upload('ERRORLOG', body)).text()).toMatch(/^OK/)
    type Err = {
      code: string
      message: string
      origin: string | null
      cmdId: string | null
      meaning: string | null
    }
    const page = await json<Page<Err>>(`/api/devices/${SN}/errors`)
    expect(page.items.map((e) => [e.code, e.message, e.origin, e.cmdId, e.meaning])).toEqual([
      ['S01E0002', 'disk', null, null, 'server PUSH error 2'],
      ['D01E0001', 'sensor failed', 'dev', 'abc', 'device PUSH error 1: face detection failed'],
    ])
    expect((await json<Page<Err>>(`/api/devices/${SN}/errors?limit=1`)).nextCursor).not.toBeNull()
  })

  it('charts punches received per bucket in the device zone, with distinct people', async () => {
    const punch = (pin: string, receivedAt: string, extra: Record<string, unknown> = {}) => ({
      sn: SN,
      pin,
      localTime: `${receivedAt}-${pin}`,
      punchedAt: new Date('2025-01-01T00:00:00Z'),
      status: 0,
      verify: 1,
      receivedAt: new Date(receivedAt),
      ...extra,
    })
    await server.services.db.insert(punches).values([
      // 2025-03-01 in Kolkata runs from 2025-02-28T18:30Z to 2025-03-01T18:30Z.
      punch('1', '2025-02-28T18:29:59Z'),
      punch('1', '2025-02-28T18:30:00Z'),
      punch('2', '2025-02-28T18:45:10Z'),
      punch('1', '2025-03-01T10:00:00Z'),
      punch('3', '2025-03-01T10:00:30Z', { source: 'manual' }),
      punch('4', '2025-03-01T10:00:30Z', { sn: 'OTHER' }),
    ])
    type Activity = {
      zone: string
      punches: number
      people: number
      buckets: Array<{ at: string; punches: number; people: number }>
    }
    const range = 'from=2025-02-28T00:00:00Z&to=2025-03-02T00:00:00Z'
    const days = await json<Activity>(`/api/devices/${SN}/activity?bucket=day&${range}`)
    expect(days).toMatchObject({ zone: ZONE, punches: 4, people: 2 })
    expect(days.buckets).toEqual([
      { at: '2025-02-27T18:30:00.000Z', punches: 1, people: 1 },
      { at: '2025-02-28T18:30:00.000Z', punches: 3, people: 2 },
    ])
    const hours = await json<Activity>(`/api/devices/${SN}/activity?${range}`)
    expect(hours.buckets.map((b) => [b.at, b.punches])).toEqual([
      ['2025-02-28T17:30:00.000Z', 1],
      ['2025-02-28T18:30:00.000Z', 2],
      ['2025-03-01T09:30:00.000Z', 1],
    ])
    const minutes = await json<Activity>(
      `/api/devices/${SN}/activity?bucket=minute&from=2025-03-01T09:00:00Z&to=2025-03-01T11:00:00Z`,
    )
    expect(minutes).toMatchObject({ punches: 1, people: 1 })
    expect(minutes.buckets).toEqual([{ at: '2025-03-01T10:00:00.000Z', punches: 1, people: 1 }])
  })

  it('answers 404 for an unknown device and 400 for unusable parameters', async () => {
    for (const path of ['rejected-lines', 'errors', 'activity']) {
      expect((await server.request(`/api/devices/NOPE/${path}`)).status).toBe(404)
    }
    const bad = [
      'rejected-lines?limit=0',
      'errors?cursor=abc',
      'activity?bucket=week',
      'activity?from=yesterday',
      'activity?from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z',
      'activity?bucket=minute&from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z',
    ]
    for (const path of bad) {
      const res = await server.request(`/api/devices/${SN}/${path}`)
      expect([path, res.status]).toEqual([path, 400])
      expect(((await res.json()) as { message: string }).message.length).toBeGreaterThan(0)
    }
  })

  it('describes the routes in the OpenAPI document under the diagnostics tag', async () => {
    const doc = (await (await server.request('/api/openapi.json')).json()) as {
      paths: Record<string, { get?: { tags?: string[] } }>
    }
    for (const path of ['rejected-lines', 'errors', 'activity']) {
      expect(doc.paths[`/api/devices/{sn}/${path}`]?.get?.tags).toEqual(['diagnostics'])
    }
  })
})
