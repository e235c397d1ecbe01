import { zkSecondsFromWallClock } from '@webroster/protocol'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commands, deviceErrors, deviceLogs, punches, rejectedLines } from '../db/schema'
import { addDevice, call } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const NOW = new Date('2025-03-10T12:00:00Z')

describe.each(testDbKinds())('devices and commands API on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  beforeEach(async () => {
    server = await createTestServer(kind, {}, () => NOW)
    await addDevice(server, 'DEV1', { timeZone: 'Asia/Kolkata' })
    await addDevice(server, 'NEW1', { status: 'pending' })
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })

  async function queue(body: Record<string, unknown>) {
    const res = await call(server, 'POST', '/api/devices/DEV1/commands', body)
    const json = (await res.json()) as { id: number; status: string; message?: string }
    const text =
      res.status === 201 ? (await server.services.commands.get(json.id))?.text : undefined
    return { status: res.status, json, text }
  }

  it('maps each command type to its exact protocol text', async () => {
    expect((await queue({ type: 'reboot' })).text).toBe('REBOOT')
    expect((await queue({ type: 'reboot', method: 'control' })).text).toBe(
      'CONTROL DEVICE 03000000',
    )
    expect((await queue({ type: 'check' })).text).toBe('CHECK')
    expect((await queue({ type: 'info' })).text).toBe('INFO')
    expect((await queue({ type: 'clear-log' })).text).toBe('CLEAR LOG')
    expect((await queue({ type: 'delete-user', pin: '12' })).text).toBe(
      'DATA DELETE USERINFO PIN=12',
    )
    expect(
      (await queue({ type: 'update-user', pin: '12', name: 'Ana', card: '[15CD5B07]' })).text,
    ).toBe('DATA UPDATE USERINFO PIN=12\tName=Ana\tCard=123456789')
    expect(
      (
        await queue({
          type: 'query-attlog',
          from: '2025-03-01T00:00:00Z',
          to: '2025-03-02 00:00:00',
        })
      ).text,
    ).toBe('DATA QUERY ATTLOG StartTime=2025-03-01 05:30:00\tEndTime=2025-03-02 00:00:00')
    expect((await queue({ type: 'raw', command: 'DATA QUERY USERINFO PIN=1' })).text).toBe(
      'DATA QUERY USERINFO PIN=1',
    )
  })

  it('sets the clock to the device-local wall clock in zk-seconds, once while pending', async () => {
    const first = await queue({ type: 'set-time' })
    expect(first.status).toBe(201)
    // 12:00 UTC is 17:30 in Kolkata.
    expect(first.text).toBe(`SET OPTION DateTime=${zkSecondsFromWallClock('2025-03-10 17:30:00')}`)
    const second = await queue({ type: 'set-time', at: '2025-03-10T13:00:00Z' })
    expect(second.json.id).toBe(first.json.id)
  })

  it('rejects bad command requests with 400 and a message', async () => {
    const bad = [
      { type: 'explode' },
      { type: 'delete-user' },
      { type: 'update-user', pin: 'a b' },
      { type: 'raw', command: '' },
      { type: 'raw', command: 'INFO\nREBOOT' },
      { type: 'query-attlog', from: 'yesterday', to: '2025-01-01T00:00:00Z' },
      { type: 'set-time', at: 'noon' },
    ]
    for (const body of bad) {
      const res = await call(server, 'POST', '/api/devices/DEV1/commands', body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(((await res.json()) as { message: string }).message.length).toBeGreaterThan(0)
    }
    expect(
      (await call(server, 'POST', '/api/devices/NOPE/commands', { type: 'info' })).status,
    ).toBe(404)
  })

  it('shows a command with its status and result, and pages a device’s commands', async () => {
    const ids: number[] = []
    for (let i = 0; i < 5; i++)
      ids.push((await queue({ type: 'delete-user', pin: String(i) })).json.id)
    await server.services.commands.recordResults('DEV1', [
      { id: String(ids[0]), returnCode: -10, cmd: 'DATA' },
    ])
    const one = (await (await call(server, 'GET', `/api/commands/${ids[0]}`)).json()) as Record<
      string,
      unknown
    >
    expect(one).toMatchObject({
      id: ids[0],
      status: 'failed',
      returnCode: -10,
      type: 'delete-user',
    })
    expect(typeof one.resultMeaning).toBe('string')
    const seen: string[] = []
    let cursor = ''
    for (;;) {
      const res = await call(
        server,
        'GET',
        `/api/devices/DEV1/commands?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      )
      const page = (await res.json()) as { items: Array<{ id: string }>; nextCursor: string | null }
      seen.push(...page.items.map((c) => c.id))
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    expect(seen.sort()).toEqual([...ids].sort())
    const failed = (await (
      await call(server, 'GET', '/api/devices/DEV1/commands?status=failed')
    ).json()) as {
      items: Array<{ id: string }>
    }
    expect(failed.items.map((c) => c.id)).toEqual([ids[0]])
    expect((await call(server, 'GET', '/api/devices/DEV1/commands?status=bogus')).status).toBe(400)
  })

  it('lists devices with counts and online flag; approves, renames, issues tokens, deletes', async () => {
    await queue({ type: 'info' })
    const { items: list } = (await (await call(server, 'GET', '/api/devices')).json()) as {
      items: Array<Record<string, unknown>>
    }
    expect(list.map((d) => d.sn)).toEqual(['DEV1', 'NEW1'])
    expect(list[0]).toMatchObject({ sn: 'DEV1', pendingCommands: 1, punchCount: 0, online: false })
    expect(list[0]).not.toHaveProperty('tokenHash')
    const approved = await call(server, 'POST', '/api/devices/NEW1/approve')
    expect(await approved.json()).toMatchObject({ status: 'approved' })
    const patched = await call(server, 'PATCH', '/api/devices/NEW1', {
      name: 'Gate',
      timeZone: 'Europe/Madrid',
    })
    expect(await patched.json()).toMatchObject({ name: 'Gate', timeZone: 'Europe/Madrid' })
    const badZone = await call(server, 'PATCH', '/api/devices/NEW1', { timeZone: 'Mars/Olympus' })
    expect(badZone.status).toBe(400)
    expect(((await badZone.json()) as { message: string }).message).toContain('IANA')
    const token = await call(server, 'POST', '/api/devices/NEW1/token')
    expect(token.status).toBe(201)
    expect(((await token.json()) as { token: string }).token.length).toBeGreaterThan(16)
    expect(await (await call(server, 'GET', '/api/devices/NEW1')).json()).toMatchObject({
      hasToken: true,
    })
    expect((await call(server, 'DELETE', '/api/devices/NEW1')).status).toBe(200)
    expect((await call(server, 'GET', '/api/devices/NEW1')).status).toBe(404)
  })

  it('pages the device list with a keyset cursor, and filters it by status', async () => {
    for (const sn of ['A|1', 'B-2', 'C_3', 'Z9']) await addDevice(server, sn)
    const seen: string[] = []
    let cursor: string | null = ''
    let pages = 0
    while (cursor !== null) {
      const q: string = cursor ? `&cursor=${cursor}` : ''
      const page = (await (await call(server, 'GET', `/api/devices?limit=2${q}`)).json()) as {
        items: Array<{ sn: string }>
        nextCursor: string | null
      }
      seen.push(...page.items.map((d) => d.sn))
      cursor = page.nextCursor
      pages++
    }
    expect(seen).toEqual(['A|1', 'B-2', 'C_3', 'DEV1', 'NEW1', 'Z9'])
    expect(pages).toBe(3)
    const pending = (await (await call(server, 'GET', '/api/devices?status=pending')).json()) as {
      items: Array<{ sn: string }>
    }
    expect(pending.items.map((d) => d.sn)).toEqual(['NEW1'])
    expect((await call(server, 'GET', '/api/devices?cursor=bm9wZQ')).status).toBe(200)
    expect((await call(server, 'GET', '/api/devices?cursor=JUU')).status).toBe(400)
    expect((await call(server, 'GET', '/api/devices?limit=0')).status).toBe(400)
  })

  it('refuses a device: it stays known as refused and nothing it sends is served or stored', async () => {
    const refused = await call(server, 'POST', '/api/devices/DEV1/refuse')
    expect(await refused.json()).toMatchObject({ sn: 'DEV1', status: 'refused' })
    const upload = await server.request('/iclock/cdata?SN=DEV1&table=ATTLOG&Stamp=7', {
      method: 'POST',
      body: '1\t2025-03-10 08:00:00\t0\t1\n',
      remoteAddress: '192.0.2.1',
    })
    expect(await upload.text()).not.toMatch(/^OK/)
    expect(await (await server.request('/iclock/cdata?SN=DEV1&options=all')).text()).toBe('OK')
    await server.services.presence.flush()
    const view = (await (await call(server, 'GET', '/api/devices/DEV1')).json()) as Record<
      string,
      unknown
    >
    expect(view).toMatchObject({ status: 'refused', punchCount: 0, lastSeenAt: null })
    expect(view.lastKnockAt).toBe(NOW.toISOString())
    expect(view.knockIp).toBe('192.0.2.1')
    expect((await server.services.devices.get('DEV1'))?.stamps).toEqual({})
    expect((await call(server, 'POST', '/api/devices/NOPE/refuse')).status).toBe(404)
  })

  it('forgets a device and what belongs only to it; its punches stay', async () => {
    await queue({ type: 'info' })
    await server.request('/iclock/cdata?SN=DEV1&table=ATTLOG', {
      method: 'POST',
      body: '1\t2025-03-10 08:00:00\t0\t1\nnot a punch\n',
    })
    await server.services.db.insert(deviceErrors).values({ sn: 'DEV1', code: '-1' })
    await server.services.db
      .insert(deviceLogs)
      .values({ sn: 'DEV1', fileName: 'x.log', size: 1, content: new Uint8Array([1]) })
    expect((await call(server, 'DELETE', '/api/devices/DEV1')).status).toBe(200)
    expect((await call(server, 'GET', '/api/devices/DEV1')).status).toBe(404)
    const left = async (
      table: typeof commands | typeof rejectedLines | typeof deviceErrors | typeof deviceLogs,
    ) =>
      (await server.services.db.select({ sn: table.sn }).from(table).where(eq(table.sn, 'DEV1')))
        .length
    expect([
      await left(commands),
      await left(rejectedLines),
      await left(deviceErrors),
      await left(deviceLogs),
    ]).toEqual([0, 0, 0, 0])
    expect(await server.services.db.select().from(punches)).toHaveLength(1)
    expect((await call(server, 'DELETE', '/api/devices/DEV1')).status).toBe(404)
  })

  it('describes the routes in the OpenAPI document', async () => {
    const doc = (await (
      await server.app.handle(new Request('http://localhost/api/openapi.json'))
    ).json()) as {
      paths: Record<string, Record<string, { summary?: string }>>
    }
    const paths = Object.keys(doc.paths).map((p) => p.replace(/(.)\/$/, '$1'))
    for (const path of [
      '/api/devices',
      '/api/devices/{sn}/commands',
      '/api/people/{pin}',
      '/api/attendance',
    ]) {
      expect(paths).toContain(path)
    }
    expect(doc.paths['/api/devices/{sn}/sync']?.post?.summary).toMatch(/groups/)
  })
})
