import { asc, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commands, devices, people, punches, rejectedLines } from '../db/schema'
import { createLogger } from '../logger'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

// One line must never wedge a batch: each body below made the whole upload fail (503, re-sent forever).
describe.each(testDbKinds())('one line never wedges a batch on %s', { timeout: 60_000 }, (kind) => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer(kind, { defaultTimeZone: 'UTC' })
  }, 60_000)
  afterAll(async () => {
    await server.close()
  })
  const post = (path: string, body: string) => server.request(path, { method: 'POST', body })
  const rejectedOf = async (sn: string) =>
    server.services.db
      .select()
      .from(rejectedLines)
      .where(eq(rejectedLines.sn, sn))
      .orderBy(asc(rejectedLines.line))
  const punchesOf = (sn: string) =>
    server.services.db.select().from(punches).where(eq(punches.sn, sn)).orderBy(asc(punches.pin))

  it('stores the rest of an ATTLOG with an int32 overflow and a 2,800-character PIN', async () => {
    const body = [
      '1\t2025-01-15 07:00:00\t0\t1',
      '2\t2025-01-15 07:00:00\t2147483648\t1',
      `${'9'.repeat(2800)}\t2025-01-15 07:00:00\t0\t1`,
      '3\t0000-01-01 00:00:00\t0\t1',
      '4\t2025-01-15 07:00:00\t0\t1',
    ].join('\n')
    const res = await post('/iclock/cdata?SN=FS1&table=ATTLOG', body)
    expect([res.status, await res.text()]).toEqual([200, 'OK:2'])
    expect((await punchesOf('FS1')).map((p) => p.pin)).toEqual(['1', '4'])
    expect((await rejectedOf('FS1')).map((r) => r.line)).toEqual([2, 3, 4])
  })

  it('rejects a punch equal on the dedupe key but different in verify or work code', async () => {
    const first = '5\t2025-01-15 08:00:00\t0\t1\t7\n'
    expect(await (await post('/iclock/cdata?SN=FS2&table=ATTLOG', first)).text()).toBe('OK:1')
    const [stored] = await punchesOf('FS2')
    // The same punch re-sent is acknowledged; another verify and another work code are not the same punch.
    expect(await (await post('/iclock/cdata?SN=FS2&table=ATTLOG', first)).text()).toBe('OK:1')
    for (const other of [
      '5\t2025-01-15 08:00:00\t0\t15\t7\n',
      '\n5\t2025-01-15 08:00:00\t0\t1\t8\n',
    ]) {
      expect(await (await post('/iclock/cdata?SN=FS2&table=ATTLOG', other)).text()).toBe('OK:0')
    }
    expect(await punchesOf('FS2')).toHaveLength(1)
    const reason = `duplicate of punch ${stored?.id} (same PIN, time and status; another verify or work code)`
    expect((await rejectedOf('FS2')).map((r) => [r.line, r.reason])).toEqual([
      [1, reason],
      [2, reason],
    ])
    // Inside one batch, the second of two disagreeing lines names the first.
    const inBatch = '6\t2025-01-15 08:00:00\t0\t1\n6\t2025-01-15 08:00:00\t0\t4\n'
    expect(await (await post('/iclock/cdata?SN=FS3&table=ATTLOG', inBatch)).text()).toBe('OK:1')
    expect((await rejectedOf('FS3')).map((r) => [r.line, r.reason])).toEqual([
      [2, 'duplicate of line 1 (same PIN, time and status; another verify or work code)'],
    ])
  })

  it('keeps ATTLOG fields beyond the 12th', async () => {
    const line = '7\t2025-01-15 09:00:00\t0\t15\t0\t0\t0\t1\t36.6\t97.9\t0\teyJ9\tX13\t\tX15\n'
    expect(await (await post('/iclock/cdata?SN=FS4&table=ATTLOG', line)).text()).toBe('OK:1')
    const [stored] = await punchesOf('FS4')
    expect(stored?.extra).toMatchObject({ field13: 'X13', field15: 'X15' })
  })

  it('stores an upload of 14,000 rejected lines (more bind parameters than one statement holds)', async () => {
    const bad = Array.from({ length: 14_000 }, (_, i) => `${i}\tnot a time\t0\t1`)
    const res = await post('/iclock/cdata?SN=FS5&table=ATTLOG', `${bad.join('\n')}\n`)
    expect([res.status, await res.text()]).toEqual([200, 'OK:0'])
    expect(await rejectedOf('FS5')).toHaveLength(14_000)
  })

  it('stores 7,300 USER lines in one OPERLOG upload, fanned out in one call', async () => {
    const users = Array.from({ length: 7300 }, (_, i) => `USER PIN=${i + 1}\tName=P${i}\tPri=0`)
    const res = await post('/iclock/cdata?SN=FS6&table=OPERLOG', `${users.join('\n')}\n`)
    expect([res.status, await res.text()]).toEqual([200, 'OK:7300'])
    expect(await server.services.db.$count(people)).toBeGreaterThanOrEqual(7300)
  })

  it('stores a user whose validity year is outside 1970-2100 as having no bound, not one in 1900', async () => {
    const user =
      'USER PIN=31\tName=V\tStartDatetime=0001-01-01 00:00:00\tEndDatetime=2024-12-31 23:59:59\n'
    expect(await (await post('/iclock/cdata?SN=FS14&table=OPERLOG', user)).text()).toBe('OK:1')
    const [person] = await server.services.db.select().from(people).where(eq(people.pin, '31'))
    expect(person?.validFrom).toBeNull()
    expect(person?.validTo?.toISOString()).toBe('2024-12-31T23:59:59.000Z')
  })

  it('keeps a tabledata row with a CR inside a field as a rejected line', async () => {
    const body = 'extuser pin=1\tnote=a\rb\nuser uid=1\tpin=8\tname=Ann\n'
    const res = await post('/iclock/cdata?SN=FS7&table=tabledata&tablename=extuser', body)
    expect(res.status).toBe(200)
    expect((await rejectedOf('FS7')).map((r) => [r.line, r.text, r.reason])).toEqual([
      [1, 'extuser pin=1\tnote=a\rb', 'table extuser is not stored'],
      [2, 'user uid=1\tpin=8\tname=Ann', 'unexpected user row in extuser table'],
    ])
  })

  it('decodes one GB18030 line without turning the UTF-8 lines of the batch into mojibake', async () => {
    const utf8 = new TextEncoder().encode('USER PIN=11\tName=José Peña\n')
    const gb = [
      ...new TextEncoder().encode('USER PIN=12\tName='),
      ...[0xc4, 0xe3, 0xba, 0xc3],
      0x0a,
    ]
    const res = await server.request('/iclock/cdata?SN=FS10&table=OPERLOG', {
      method: 'POST',
      body: new Uint8Array([...utf8, ...gb]),
    })
    expect(await res.text()).toBe('OK:2')
    const names = await server.services.db
      .select({ pin: people.pin, name: people.name })
      .from(people)
      .where(inArray(people.pin, ['11', '12']))
      .orderBy(asc(people.pin))
    expect(names).toEqual([
      { pin: '11', name: 'José Peña' },
      { pin: '12', name: '你好' },
    ])
  })

  it('logs the database cause of a failing statement, never its parameters', async () => {
    const lines: string[] = []
    const { services } = server
    const saved = { log: services.log, insert: services.punches.insert }
    services.log = createLogger('error', (l) => lines.push(l))
    // A statement the database refuses, carrying a name and a password as parameters.
    services.punches.insert = async () => {
      await services.db
        .insert(people)
        .values({ pin: '77', name: 'Secret Name', password: 'hunter2', privilege: 2 ** 40 })
      return []
    }
    try {
      const res = await post('/iclock/cdata?SN=FS11&table=ATTLOG', '1\t2025-01-15 07:00:00\t0\t1\n')
      expect(res.status).toBe(503)
    } finally {
      Object.assign(services, { log: saved.log })
      services.punches.insert = saved.insert
    }
    const failed = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'device request failed')
    expect(failed?.error).toMatch(/out of range/)
    expect(lines.join('\n')).not.toMatch(/Secret Name|hunter2|params/)
  })

  it('answers 503 when the database has gone silent, and waits for one that is only busy', async () => {
    const { services } = server
    const saved = { database: services.database, config: { ...services.config } }
    const insert = services.punches.insert
    const never = () => new Promise<never>(() => {})
    let alive = false
    // A networked database whose pings hang (silent) or answer (busy): the driver kind decides the rule.
    Object.assign(services, {
      database: {
        ...services.database,
        driver: 'postgres',
        ping: () => (alive ? Promise.resolve() : never()),
      },
    })
    Object.assign(services.config, { deviceDbTimeoutMs: 150 })
    const punch = '1\t2025-01-15 07:00:00\t0\t1\n'
    try {
      services.punches.insert = never
      const silent = await post('/iclock/cdata?SN=FS12&table=ATTLOG', punch)
      expect([silent.status, await silent.text()]).toEqual([503, 'ERROR: retry later'])
      alive = true
      // Slower than the timeout, but the database answers its pings: the batch is stored and acknowledged.
      services.punches.insert = (rows) =>
        new Promise((resolve) =>
          setTimeout(() => resolve(insert.call(services.punches, rows)), 500),
        )
      const busy = await post('/iclock/cdata?SN=FS12&table=ATTLOG', punch)
      expect([busy.status, await busy.text()]).toEqual([200, 'OK:1'])
    } finally {
      Object.assign(services, { database: saved.database })
      Object.assign(services.config, saved.config)
      services.punches.insert = insert
    }
  })

  it('stores only PINs and serials the API can address, and the API addresses every one of them', async () => {
    const pin = 'A1b2C3d4E5f6G7h8I9j0K1l2'
    const users = `USER PIN=${pin}\tName=Long\nUSER PIN=${pin}x\tName=TooLong\n`
    expect(await (await post('/iclock/cdata?SN=FS13&table=OPERLOG', users)).text()).toBe('OK:1')
    expect((await server.request(`/api/people/${pin}`)).status).toBe(200)
    const punch = `${pin}\t2025-01-15 07:00:00\t0\t1\n`
    expect(await (await post('/iclock/cdata?SN=FS13&table=ATTLOG', punch)).text()).toBe('OK:1')
    const listed = await server.request(`/api/attendance?pin=${pin}`)
    expect(listed.status).toBe(200)
    // A serial outside the rule is refused with a reason, and no device row is made for it.
    const res = await post(`/iclock/cdata?SN=${encodeURIComponent('número')}&table=ATTLOG`, punch)
    expect(await res.text()).toBe('ERROR: missing or invalid SN')
    expect((await server.request('/api/devices/FS13')).status).toBe(200)
    expect(await server.services.db.$count(devices, eq(devices.sn, 'número'))).toBe(0)
  })

  it('answers devicecmd with an int32 overflow in Return without failing the batch', async () => {
    const res = await post('/iclock/devicecmd?SN=FS8', 'ID=1&Return=9999999999&CMD=DATA\n')
    expect([res.status, await res.text()]).toEqual([200, 'OK'])
    expect((await rejectedOf('FS8')).map((r) => r.line)).toEqual([1])
    expect(await server.services.db.$count(commands)).toBe(0)
  })

  it('answers querydata with an int32 overflow in fingerid without failing the batch', async () => {
    const body = 'templatev10 pin=1\tfingerid=99999999999\ttemplate=AAAA\n'
    const res = await post('/iclock/querydata?SN=FS9&type=tabledata&tablename=templatev10', body)
    expect(res.status).toBe(200)
    expect((await rejectedOf('FS9')).map((r) => r.reason)).toEqual([
      'invalid fingerid "99999999999"',
    ])
  })
})
