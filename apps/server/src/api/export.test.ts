import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { deviceGroups, devices, groups, people, punches } from '../db/schema'
import { EXPORT_PAGE_ROWS } from '../punches'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

/** Minimal RFC 4180 reader for checking what we wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  return rows
}

const SETUP_TIMEOUT_MS = 60_000

describe.each(testDbKinds())('attendance export on %s', (kind) => {
  let server: TestServer
  // The first database in a worker migrates PGlite from scratch: slow on a busy machine.
  beforeEach(async () => {
    server = await createTestServer(kind)
    const db = server.services.db
    await db.insert(devices).values([
      { sn: 'DEV1', name: 'Lobby, north' },
      { sn: 'DEV2', name: 'Dock' },
    ])
    const [group] = await db.insert(groups).values({ name: 'north' }).returning()
    await db.insert(deviceGroups).values({ sn: 'DEV1', groupId: group?.id ?? 0 })
    await db.insert(people).values([
      { pin: '1', name: 'Ana "La Jefa", MX' },
      { pin: '2', name: '=cmd|calc' },
    ])
    await db.insert(punches).values([
      {
        sn: 'DEV1',
        pin: '1',
        localTime: '2024-01-15 08:00:00',
        punchedAt: new Date('2024-01-15T14:00:00Z'),
        status: 0,
        verify: 15,
      },
      {
        sn: 'DEV2',
        pin: '2',
        localTime: '2024-01-15 17:00:00',
        punchedAt: new Date('2024-01-15T23:00:00Z'),
        status: 1,
        verify: 4,
        note: 'line one\nline two',
      },
      {
        sn: 'DEV1',
        pin: '1',
        localTime: '2024-01-16 08:00:00',
        punchedAt: new Date('2024-01-16T14:00:00Z'),
        status: 255,
        verify: 1,
        source: 'manual',
      },
    ])
  }, SETUP_TIMEOUT_MS)
  afterEach(async () => {
    await server.close()
  })

  it('streams CSV with names, words and both times, as an attachment', async () => {
    const res = await server.request('/api/attendance/export?format=csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="attendance.csv"')
    const rows = parseCsv(await res.text())
    expect(rows[0]).toEqual([
      'punch_id',
      'pin',
      'person_name',
      'device_sn',
      'device_name',
      'state',
      'verify_mode',
      'local_time',
      'utc_time',
      'source',
      'note',
    ])
    expect(rows.slice(1).map((r) => r.slice(1))).toEqual([
      [
        '1',
        'Ana "La Jefa", MX',
        'DEV1',
        'Lobby, north',
        'check-in',
        'face',
        '2024-01-15 08:00:00',
        '2024-01-15T14:00:00.000Z',
        'device',
        '',
      ],
      [
        '2',
        "'=cmd|calc",
        'DEV2',
        'Dock',
        'check-out',
        'card',
        '2024-01-15 17:00:00',
        '2024-01-15T23:00:00.000Z',
        'device',
        'line one\nline two',
      ],
      [
        '1',
        'Ana "La Jefa", MX',
        'DEV1',
        'Lobby, north',
        'none',
        'fingerprint',
        '2024-01-16 08:00:00',
        '2024-01-16T14:00:00.000Z',
        'manual',
        '',
      ],
    ])
  })

  it('filters by time range, device, PIN and device group', async () => {
    const pins = async (q: string) => {
      const res = await server.request(`/api/attendance/export?format=json&${q}`)
      expect(res.status).toBe(200)
      return ((await res.json()) as Array<{ pin: string; localTime: string }>).map(
        (p) => `${p.pin}@${p.localTime.slice(8, 10)}`,
      )
    }
    expect(await pins('from=2024-01-15T20:00:00Z')).toEqual(['2@15', '1@16'])
    expect(await pins('from=2024-01-15&to=2024-01-15&timeZone=America/Mexico_City')).toEqual([
      '1@15',
      '2@15',
    ])
    expect(await pins('to=2024-01-15T23:00:00Z')).toEqual(['1@15'])
    expect(await pins('sn=DEV2')).toEqual(['2@15'])
    expect(await pins('pin=1')).toEqual(['1@15', '1@16'])
    expect(await pins('group=north')).toEqual(['1@15', '1@16'])
    expect(await pins('sn=NOPE')).toEqual([])
  })

  it('answers NDJSON, one object per line', async () => {
    const res = await server.request('/api/attendance/export?format=ndjson&pin=2')
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/)
    const lines = (await res.text()).trimEnd().split('\n')
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ pin: '2', state: 'check-out', verifyMode: 'card', sn: 'DEV2' }),
    ])
  })

  it('pages through more rows than one query reads, in order, without repeats', async () => {
    const base = Date.parse('2024-02-01T00:00:00Z')
    const many = Array.from({ length: EXPORT_PAGE_ROWS * 2 + 17 }, (_, i) => ({
      sn: 'DEV2',
      pin: '9',
      localTime: `bulk ${i}`,
      // Pairs share an instant: the id breaks the tie.
      punchedAt: new Date(base + Math.floor(i / 2) * 1000),
      status: 0,
      verify: 1,
    }))
    for (let i = 0; i < many.length; i += 500) {
      await server.services.db.insert(punches).values(many.slice(i, i + 500))
    }
    const res = await server.request('/api/attendance/export?format=json&pin=9')
    const rows = (await res.json()) as Array<{ id: number; localTime: string }>
    expect(rows).toHaveLength(many.length)
    expect(rows.map((r) => r.localTime)).toEqual(many.map((m) => m.localTime))
    const csv = await server.request('/api/attendance/export?pin=9')
    expect(parseCsv(await csv.text())).toHaveLength(many.length + 1)
  })

  it('refuses bad parameters with 400', async () => {
    for (const q of [
      'format=xml',
      'from=yesterday',
      'from=01/12/2026',
      'from=Mon, 15 Jan 2024 00:00:00 GMT',
      'group=nope',
      'timeZone=Mars/Base',
    ]) {
      const res = await server.request(`/api/attendance/export?${q}`)
      expect(res.status, q).toBe(400)
    }
  })
})
