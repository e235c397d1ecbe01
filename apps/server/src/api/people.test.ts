import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commands, people, personPhotos, templates } from '../db/schema'
import { addDevice, call, queuedTexts, readOnlyKey } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

describe.each(testDbKinds())('people API on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  let groupA: number
  let groupB: number
  beforeEach(async () => {
    server = await createTestServer(kind)
    await addDevice(server, 'DEV1')
    await addDevice(server, 'DEV2')
    await addDevice(server, 'DEV3')
    groupA = (
      (await (await call(server, 'POST', '/api/groups', { name: 'Front' })).json()) as {
        id: number
      }
    ).id
    groupB = (
      (await (await call(server, 'POST', '/api/groups', { name: 'Back' })).json()) as {
        id: number
      }
    ).id
    await call(server, 'PATCH', '/api/devices/DEV1', { groupIds: [groupA] })
    await call(server, 'PATCH', '/api/devices/DEV2', { groupIds: [groupA, groupB] })
    await call(server, 'PATCH', '/api/devices/DEV3', { groupIds: [groupB] })
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })

  it('queues ENROLL_FP for a person at one of their terminals, and refuses other terminals', async () => {
    await call(server, 'POST', '/api/people', { pin: '2001', name: 'Ana', groupIds: [groupA] })
    await server.services.db.delete(commands)
    const enrol = (body: unknown) =>
      call(server, 'POST', '/api/people/2001/fingerprints/enrol', body)
    const res = await enrol({ sn: 'DEV1', finger: 3 })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: number }
    const [row] = await server.services.db.select().from(commands).where(eq(commands.id, id))
    expect(row).toMatchObject({ sn: 'DEV1', type: 'enroll-fingerprint', status: 'queued' })
    expect(await queuedTexts(server)).toEqual(['DEV1: ENROLL_FP PIN=2001\tFID=3\tOVERWRITE=0'])
    expect((await enrol({ sn: 'DEV2', overwrite: true, retry: 2 })).status).toBe(201)
    expect((await queuedTexts(server))[1]).toBe(
      'DEV2: ENROLL_FP PIN=2001\tFID=0\tRETRY=2\tOVERWRITE=1',
    )
    // DEV3 is in group B only: the terminal would not know the PIN.
    expect((await enrol({ sn: 'DEV3' })).status).toBe(409)
    expect((await enrol({ sn: 'NOPE' })).status).toBe(404)
    expect((await enrol({ sn: 'DEV1', finger: 10 })).status).toBe(400)
    expect(
      (await call(server, 'POST', '/api/people/9999/fingerprints/enrol', { sn: 'DEV1' })).status,
    ).toBe(404)
    expect(await queuedTexts(server)).toHaveLength(2)
  })

  it('queues exactly one USERINFO per device of the person’s groups, with the exact text', async () => {
    const res = await call(server, 'POST', '/api/people', {
      pin: '1001',
      name: 'Zoë Núñez',
      privilege: 14,
      password: '1234',
      card: '[15CD5B07]',
      groupIds: [groupA],
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { person: Record<string, unknown>; queued: number }
    expect(body.queued).toBe(2)
    expect(body.person).toMatchObject({
      pin: '1001',
      name: 'Zoë Núñez',
      card: '123456789',
      hasPassword: true,
      groupIds: [groupA],
    })
    expect(body.person).not.toHaveProperty('password')
    const line =
      'DATA UPDATE USERINFO PIN=1001\tName=Zoë Núñez\tPri=14\tPasswd=1234\tCard=123456789\tGrp=1\tTZ=0000000000000000'
    expect(await queuedTexts(server)).toEqual([`DEV1: ${line}`, `DEV2: ${line}`])
  })

  it('re-sends on update, installs on devices gained and deletes from devices lost', async () => {
    await call(server, 'POST', '/api/people', { pin: '7', name: 'Ann', groupIds: [groupA] })
    await server.services.db.insert(templates).values({
      pin: '7',
      kind: 'fp',
      bioType: 1,
      no: 3,
      template: 'TUzIxAAAA',
    })
    const before = (await queuedTexts(server)).length
    const res = await call(server, 'PATCH', '/api/people/7', { name: 'Anne', groupIds: [groupB] })
    expect(res.status).toBe(200)
    const after = (await queuedTexts(server)).slice()
    expect(after.length - before).toBe(4)
    const user =
      'DATA UPDATE USERINFO PIN=7\tName=Anne\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000'
    expect(after).toContain('DEV1: DATA DELETE USERINFO PIN=7')
    expect(after).toContain(`DEV2: ${user}`)
    expect(after).toContain(`DEV3: ${user}`)
    expect(after).toContain(
      'DEV3: DATA UPDATE FINGERTMP PIN=7\tFID=3\tSize=9\tValid=1\tTMP=TUzIxAAAA',
    )
  })

  it('delete queues DATA DELETE USERINFO to every device and removes templates and photos', async () => {
    await call(server, 'POST', '/api/people', { pin: '42', name: 'Bo', groupIds: [groupA, groupB] })
    await server.services.db
      .insert(templates)
      .values({ pin: '42', kind: 'fp', bioType: 1, no: 0, template: 'TUzIx' })
    await server.services.db.insert(personPhotos).values({
      pin: '42',
      kind: 'userpic',
      fileName: '42.jpg',
      image: new Uint8Array([1, 2, 3]),
    })
    const res = await call(server, 'DELETE', '/api/people/42')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ deleted: '42', queued: 3 })
    const deletes = (await queuedTexts(server)).filter((l) => l.includes('DELETE'))
    expect(deletes).toEqual([
      'DEV1: DATA DELETE USERINFO PIN=42',
      'DEV2: DATA DELETE USERINFO PIN=42',
      'DEV3: DATA DELETE USERINFO PIN=42',
    ])
    const db = server.services.db
    expect(await db.select().from(people).where(eq(people.pin, '42'))).toEqual([])
    expect(await db.select().from(templates).where(eq(templates.pin, '42'))).toEqual([])
    expect(await db.select().from(personPhotos).where(eq(personPhotos.pin, '42'))).toEqual([])
    expect((await call(server, 'GET', '/api/people/42')).status).toBe(404)
  })

  it('answers 400 with a message for invalid input', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/api/people', { pin: 'has space', name: 'x' }],
      ['POST', '/api/people', { pin: '1234567890123456789012345' }],
      ['POST', '/api/people', { pin: '1', privilege: 3 }],
      ['POST', '/api/people', { pin: '1', card: 'not-a-card' }],
      ['POST', '/api/people', { pin: '1', groupIds: [999] }],
      [
        'POST',
        '/api/people',
        { pin: '1', validFrom: '2025-02-01T00:00:00Z', validTo: '2025-01-01T00:00:00Z' },
      ],
      ['GET', '/api/people?limit=0', undefined],
    ]
    for (const [method, path, body] of cases) {
      const res = await call(server, method, path, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      const json = (await res.json()) as { error: string; message: string }
      expect(json.error).toBe('invalid_request')
      expect(json.message.length).toBeGreaterThan(0)
    }
    expect(await queuedTexts(server)).toEqual([])
  })

  it('sets a card in either form, stores it decimal and re-sends the user', async () => {
    await call(server, 'POST', '/api/people', { pin: '8', name: 'Cy', groupIds: [groupB] })
    const res = await call(server, 'PUT', '/api/people/8/card', { card: '[15CD5B07]' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ person: { card: '123456789' }, queued: 2 })
    const creds = await call(server, 'GET', '/api/people/8/credentials')
    expect(await creds.json()).toMatchObject({
      card: '123456789',
      cardHex: '[15CD5B07]',
      templates: [],
    })
    const cardLines = (await queuedTexts(server)).filter((l) => l.includes('Card=123456789'))
    expect(cardLines.map((l) => l.slice(0, 4))).toEqual(['DEV2', 'DEV3'])
    expect((await call(server, 'PUT', '/api/people/8/card', { card: '12AB' })).status).toBe(400)
  })

  it("refuses another person's card with 409 naming the holder, and queues nothing", async () => {
    await call(server, 'POST', '/api/people', { pin: '1', name: 'Ana', card: '123456789' })
    await call(server, 'POST', '/api/people', { pin: '2', name: 'Ben', groupIds: [groupB] })
    const before = await queuedTexts(server)
    const attempts: Array<[string, string, unknown]> = [
      ['POST', '/api/people', { pin: '3', card: '[15CD5B07]', groupIds: [groupB] }],
      ['PATCH', '/api/people/2', { card: '123456789' }],
      ['PUT', '/api/people/2/card', { card: '[15CD5B07]' }],
    ]
    for (const [method, path, body] of attempts) {
      const res = await call(server, method, path, body)
      expect(res.status, `${method} ${path}`).toBe(409)
      expect(await res.json()).toMatchObject({
        error: 'conflict',
        message: 'card 123456789 is already held by person 1 (Ana)',
        details: { holder: { pin: '1', name: 'Ana' } },
      })
    }
    expect(await queuedTexts(server)).toEqual(before)
    expect((await call(server, 'GET', '/api/people/3')).status).toBe(404)
    // The holder may keep (re-save) their own card, and a freed card can be given to someone else.
    expect((await call(server, 'PATCH', '/api/people/1', { card: '123456789' })).status).toBe(200)
    expect((await call(server, 'PUT', '/api/people/1/card', { card: null })).status).toBe(200)
    expect((await call(server, 'PUT', '/api/people/2/card', { card: '123456789' })).status).toBe(
      200,
    )
  })

  it('says how many terminals a saved person reaches, and warns when none', async () => {
    const alone = await call(server, 'POST', '/api/people', { pin: '20', name: 'Dee' })
    expect(alone.status).toBe(201)
    expect(await alone.json()).toMatchObject({
      queued: 0,
      terminals: 0,
      warning: expect.stringMatching(/reaches no terminal/),
    })
    const placed = await call(server, 'PATCH', '/api/people/20', { groupIds: [groupB] })
    const body = (await placed.json()) as { terminals: number; warning?: string }
    expect(body.terminals).toBe(2)
    expect(body.warning).toBeUndefined()
  })

  it('refuses a duplicate PIN and an unknown person', async () => {
    expect((await call(server, 'POST', '/api/people', { pin: '5' })).status).toBe(201)
    expect((await call(server, 'POST', '/api/people', { pin: '5' })).status).toBe(409)
    expect((await call(server, 'PATCH', '/api/people/6', { name: 'x' })).status).toBe(404)
  })

  it('pages people by PIN', async () => {
    for (const pin of ['3', '1', '2', '5', '4']) await call(server, 'POST', '/api/people', { pin })
    const seen: string[] = []
    let cursor = ''
    for (;;) {
      const res = await call(
        server,
        'GET',
        `/api/people?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      )
      const page = (await res.json()) as {
        items: Array<{ pin: string }>
        nextCursor: string | null
      }
      seen.push(...page.items.map((p) => p.pin))
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    expect(seen).toEqual(['1', '2', '3', '4', '5'])
  })

  it('finds people by name or PIN with q', async () => {
    await call(server, 'POST', '/api/people', { pin: '31', name: 'Ana Ruiz' })
    await call(server, 'POST', '/api/people', { pin: '32', name: 'Luis Gil' })
    await call(server, 'POST', '/api/people', { pin: '731', name: 'Eva' })
    const pins = async (q: string) =>
      (
        (await (await call(server, 'GET', `/api/people?q=${q}`)).json()) as {
          items: Array<{ pin: string }>
        }
      ).items.map((p) => p.pin)
    expect(await pins('ruiz')).toEqual(['31'])
    expect(await pins('31')).toEqual(['31', '731'])
  })

  it('lets a read-only key read but not write', async () => {
    const key = await readOnlyKey(server)
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
    expect((await server.request('/api/people', { headers })).status).toBe(200)
    const writes: Array<[string, string]> = [
      ['POST', '/api/people'],
      ['PATCH', '/api/devices/DEV1'],
      ['POST', '/api/devices/DEV1/commands'],
      ['POST', '/api/groups'],
      ['DELETE', '/api/people/1'],
    ]
    for (const [method, path] of writes) {
      const res = await server.request(path, {
        method,
        headers,
        body: JSON.stringify({ pin: '9' }),
      })
      expect(res.status, `${method} ${path}`).toBe(403)
    }
    expect(await queuedTexts(server)).toEqual([])
  })
})
