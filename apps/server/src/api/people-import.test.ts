import { count, eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditLog, commands, devices, people } from '../db/schema'
import { lockMembership } from '../people/provisioning'
import { addDevice, call } from '../testing/api-fixtures'
import { addOperator, signIn } from '../testing/operator-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

interface Report {
  dryRun: boolean
  rows: number
  created: number
  updated: number
  unchanged: number
  rejected: number
  queued: number
  errors: Array<{ row: number; pin?: string; errors: Array<{ column: string; message: string }> }>
}

describe.each(testDbKinds())('people import and export on %s', { timeout: 120_000 }, (kind) => {
  let server: TestServer
  let front: number
  beforeEach(async () => {
    server = await createTestServer(kind)
    await addDevice(server, 'DEV1')
    await addDevice(server, 'DEV2')
    front = (
      (await (await call(server, 'POST', '/api/groups', { name: 'Front' })).json()) as {
        id: number
      }
    ).id
    await call(server, 'POST', '/api/groups', { name: 'Back' })
    await call(server, 'PATCH', '/api/devices/DEV1', { groupIds: [front] })
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })

  const importCsv = async (csv: string, dryRun = false) => {
    const res = await server.request(`/api/people/import${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    })
    expect(res.status).toBe(200)
    return (await res.json()) as Report
  }
  const exportCsv = async () => {
    const res = await server.request('/api/people/export')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    return res.text()
  }
  const tally = async () => {
    const [p] = await server.services.db.select({ n: count() }).from(people)
    const [c] = await server.services.db.select({ n: count() }).from(commands)
    return { people: p?.n, commands: c?.n }
  }

  it('dry run reports each bad row and writes nothing; the real run does exactly that', async () => {
    await call(server, 'POST', '/api/people', { pin: '900', name: 'Stored', card: '555' })
    const csv =
      '\uFEFFpin,name,card,privilege,groups\r\n' +
      '1,Ana,111,0,Front\r\n' +
      '2,"Bo, Jr.",222,14,Front|Back\r\n' +
      'x!,Bad pin,,0,\r\n' +
      '4,Priv,,3,\r\n' +
      '5,Dup card one,777,0,\r\n' +
      '6,Dup card two,777,0,\r\n' +
      '7,Takes stored,555,0,\r\n' +
      '8,Unknown group,,0,Nowhere\r\n' +
      '9,First nine,,0,\r\n' +
      '9,Second nine,,0,\r\n' +
      '10,Zoë,[15CD5B07],0,Back;Front\r\n'
    const before = await tally()
    const dry = await importCsv(csv, true)
    expect(await tally()).toEqual(before)
    expect(dry).toMatchObject({
      dryRun: true,
      rows: 11,
      created: 3,
      updated: 0,
      unchanged: 0,
      rejected: 8,
      queued: 0,
    })
    expect(dry.errors).toEqual([
      { row: 4, pin: 'x!', errors: [expect.objectContaining({ column: 'pin' })] },
      {
        row: 5,
        pin: '4',
        errors: [
          { column: 'privilege', message: expect.stringContaining('"3" is not a privilege') },
        ],
      },
      {
        row: 6,
        pin: '5',
        errors: [{ column: 'card', message: 'card 777 is also in row 7 (PIN 6 (Dup card two))' }],
      },
      {
        row: 7,
        pin: '6',
        errors: [{ column: 'card', message: 'card 777 is also in row 6 (PIN 5 (Dup card one))' }],
      },
      {
        row: 8,
        pin: '7',
        errors: [{ column: 'card', message: 'card 555 is already held by person 900 (Stored)' }],
      },
      { row: 9, pin: '8', errors: [{ column: 'groups', message: 'unknown group(s) "Nowhere"' }] },
      { row: 10, pin: '9', errors: [{ column: 'pin', message: 'PIN 9 is also in row 11' }] },
      { row: 11, pin: '9', errors: [{ column: 'pin', message: 'PIN 9 is also in row 10' }] },
    ])
    const real = await importCsv(csv)
    expect({ ...real, dryRun: true, queued: 0 }).toEqual(dry)
    // Ana, Bo and Zoë are in Front: DEV1 gets each of them once.
    expect(real.queued).toBe(3)
    expect(await tally()).toEqual({ people: 4, commands: 3 })
    const bo = (await (await server.request('/api/people/2')).json()) as Record<string, unknown>
    expect(bo).toMatchObject({ name: 'Bo, Jr.', card: '222', privilege: 14 })
    expect((bo.groupIds as number[]).length).toBe(2)
    expect(await (await server.request('/api/people/10')).json()).toMatchObject({
      name: 'Zoë',
      card: '123456789',
    })
  })

  it('refuses a file it cannot read with 400 and what is wrong', async () => {
    const post = (body: string) =>
      server.request('/api/people/import', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body,
      })
    const noPin = await post('name,card\r\nAna,1\r\n')
    expect(noPin.status).toBe(400)
    expect(await noPin.text()).toContain('no \\"pin\\" column')
    const unknown = await post('pin,colour\r\n1,red\r\n')
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('unknown column(s) \\"colour\\"')
    expect((await post('pin,name\r\n1,"open quote\r\n')).status).toBe(400)
    expect((await post('')).status).toBe(400)
  })

  it('updates only the columns in the file, and counts what did not change', async () => {
    await call(server, 'POST', '/api/people', {
      pin: '1',
      name: 'Ana',
      card: '111',
      password: '1234',
      groupIds: [front],
    })
    await call(server, 'POST', '/api/people', { pin: '2', name: 'Bo', groupIds: [front] })
    const queuedBefore = (await tally()).commands ?? 0
    const report = await importCsv('pin,name\n1,Ana\n2,Bo Renamed\n3,Cy\n')
    expect(report).toMatchObject({ created: 1, updated: 1, unchanged: 1, rejected: 0 })
    // Bo is re-sent to DEV1; Cy is in no group and reaches no terminal.
    expect(report.queued).toBe(1)
    expect((await tally()).commands).toBe(queuedBefore + 1)
    expect(await (await server.request('/api/people/1')).json()).toMatchObject({
      card: '111',
      hasPassword: true,
    })
    expect(await (await server.request('/api/people/2')).json()).toMatchObject({
      name: 'Bo Renamed',
      groupIds: [front],
      privilege: 0,
    })
  })

  it('exports everyone as CSV that imports back unchanged', async () => {
    await call(server, 'POST', '/api/people', {
      pin: '1',
      name: '=cmd, "quoted"',
      card: '111',
      privilege: 6,
      password: '42',
      verify: 1,
      validFrom: '2026-01-01T00:00:00.000Z',
      validTo: '2026-12-31T23:00:00.000Z',
      groupIds: [front],
    })
    await call(server, 'POST', '/api/people', { pin: '2', name: 'Bo' })
    const csv = await exportCsv()
    expect(csv.split('\r\n')).toEqual([
      'pin,name,card,privilege,password,groups,verify,valid_from,valid_to',
      `1,"'=cmd, ""quoted""",111,6,,Front,1,2026-01-01T00:00:00.000Z,2026-12-31T23:00:00.000Z`,
      '2,Bo,,0,,,,,',
      '',
    ])
    const report = await importCsv(csv)
    expect(report).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 2, rejected: 0 })
    expect(await exportCsv()).toBe(csv)
    const bom = await (await server.request('/api/people/export?bom=true')).arrayBuffer()
    expect([...new Uint8Array(bom).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  })

  it('imports 5,000 rows in one call, fanned out per terminal in one pass', async () => {
    // A PUSH 2.x terminal takes 100 records per command; DEV1 (legacy firmware) one per command.
    await server.services.db.update(devices).set({ pushver: '2.4.1' }).where(eq(devices.sn, 'DEV2'))
    await call(server, 'PATCH', '/api/devices/DEV2', { groupIds: [front] })
    const lines = ['pin,name,card,privilege,groups']
    for (let i = 1; i <= 5000; i++) lines.push(`${i},Person ${i},${100000 + i},0,Front`)
    const report = await importCsv(`${lines.join('\n')}\n`)
    expect(report).toMatchObject({
      rows: 5000,
      created: 5000,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      queued: 5000 + 50,
    })
    expect(await (await server.request('/api/people/4321')).json()).toMatchObject({
      pin: '4321',
      name: 'Person 4321',
      card: '104321',
      groupIds: [front],
    })
    const perDevice = await server.services.db
      .select({ sn: commands.sn, n: count() })
      .from(commands)
      .groupBy(commands.sn)
      .orderBy(commands.sn)
    expect(perDevice).toEqual([
      { sn: 'DEV1', n: 5000 },
      { sn: 'DEV2', n: 50 },
    ])
    const again = await importCsv(`${lines.join('\n')}\n`, true)
    expect(again).toMatchObject({ created: 0, unchanged: 5000, rejected: 0 })
  })

  it('records one audit row per import with its counts, and each person change with before and after', async () => {
    await call(server, 'POST', '/api/people', { pin: '1', name: 'Ana' })
    await call(server, 'PATCH', '/api/people/1', { name: 'Ana B' })
    await call(server, 'DELETE', '/api/people/1')
    await importCsv('pin,name\n2,Bo\n3,Cy\nbad!,X\n')
    await importCsv('pin,name\n4,Dry\n', true)
    const rows = await server.services.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entity, 'person'))
      .orderBy(auditLog.id)
    expect(rows.map((r) => [r.action, r.entityId])).toEqual([
      ['person.create', '1'],
      ['person.update', '1'],
      ['person.delete', '1'],
      ['person.import', 'import'],
    ])
    expect(rows[0]?.before).toBeNull()
    expect(rows[0]?.after).toMatchObject({ pin: '1', name: 'Ana' })
    expect(rows[1]?.before).toMatchObject({ name: 'Ana' })
    expect(rows[1]?.after).toMatchObject({ name: 'Ana B' })
    expect(rows[2]?.before).toMatchObject({ name: 'Ana B' })
    expect(rows[2]?.after).toBeNull()
    expect(rows[3]?.after).toEqual({
      rows: 3,
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      queued: 0,
    })
    // The people area records its own rows: no second, request-shaped row.
    const [requests] = await server.services.db
      .select({ n: count() })
      .from(auditLog)
      .where(eq(auditLog.entity, 'people'))
    expect(requests?.n).toBe(0)
  })

  it('lets a manager import and a viewer export and look, but not import', async () => {
    await addOperator(server, 'mia', 'manager')
    await addOperator(server, 'vic', 'viewer')
    const mia = await signIn(server, 'mia')
    const vic = await signIn(server, 'vic')
    const post = (who: typeof mia) =>
      who.request('/api/people/import', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: 'pin,name\n1,Ana\n',
      })
    expect((await post(vic)).status).toBe(403)
    expect((await post(mia)).status).toBe(200)
    expect((await vic.request('/api/people/export')).status).toBe(200)
    expect((await vic.request('/api/people/1/terminals')).status).toBe(200)
    expect((await vic.request('/api/settings')).status).toBe(403)
  })

  it('describes the new routes in the OpenAPI document with a tag and a response', async () => {
    const doc = (await (await server.request('/api/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { tags?: string[]; responses?: Record<string, unknown> }>
      >
    }
    for (const [path, method] of [
      ['/api/people/import', 'post'],
      ['/api/people/export', 'get'],
      ['/api/people/{pin}/terminals', 'get'],
      ['/api/settings', 'get'],
      ['/api/settings', 'patch'],
    ] as const) {
      const op = doc.paths[path]?.[method]
      expect(op?.tags?.length, `${method} ${path}`).toBeGreaterThan(0)
      expect(op?.responses?.['200'], `${method} ${path}`).toBeDefined()
    }
    expect(doc.paths['/api/people/export']?.get?.tags).toEqual(['people'])
  })
})

describe.each(testDbKinds().filter((k) => k === 'postgres'))(
  'people import beside saves on %s',
  { timeout: 60_000 },
  (kind) => {
    let server: TestServer
    beforeEach(async () => {
      server = await createTestServer(kind)
    }, 60_000)
    afterEach(async () => {
      await server.close()
    })

    it('takes the locks in the order a save does, so the two wait instead of deadlocking', async () => {
      const { db } = server.services
      let release: () => void = () => {}
      const released = new Promise<void>((resolve) => {
        release = resolve
      })
      // A save half done: it holds the card's lock and is about to take the membership lock.
      const save = db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'card:800'}))`)
        await released
        await lockMembership(tx)
      })
      const waiting = async () => {
        const rows = await db.execute(
          sql`select count(*)::int as n from pg_locks where not granted`,
        )
        const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows
        return (list[0] as { n: number }).n
      }
      const imported = server.request('/api/people/import', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: 'pin,card\n1,800\n',
      })
      for (let i = 0; i < 100 && (await waiting()) === 0; i++)
        await new Promise((r) => setTimeout(r, 20))
      expect(await waiting()).toBe(1)
      release()
      await save
      const res = await imported
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ created: 1, rejected: 0 })
    })
  },
)
