import { asc, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commands, people, personGroups, templates } from '../db/schema'
import type { EnrolmentHook } from '../ingest/ingest'
import { addDevice, call, queuedTexts } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'
import { createFanOut } from './fan-out'

const FP10 = 'TUzIxU1MjEAAAA'
const FP9 = 'ocoAAAA'

describe.each(testDbKinds())('fan-out and sync on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  let group: number
  let fanOut: EnrolmentHook
  let hookCalls = 0
  beforeEach(async () => {
    hookCalls = 0
    // The fan-out as the composition root builds it, counted: the ingest must call it once per upload.
    server = await createTestServer(kind, {}, undefined, {
      onEnrolled: (events) => {
        hookCalls++
        return fanOut(events)
      },
    })
    const { db, commands: queue, config, log } = server.services
    fanOut = createFanOut({ db, queue, defaultZone: config.defaultTimeZone, log })
    await addDevice(server, 'SRC', { options: { FPVersion: '10' } })
    await addDevice(server, 'V10', { options: { '~ZKFPVersion': '10' } })
    await addDevice(server, 'V9', { options: { FPVersion: '9' } })
    await addDevice(server, 'BIO', {
      options: {
        MultiBioDataSupport: '0:1:1:0:0:0:0:0:0:0',
        MultiBioVersion: '0:12.0:8.0:0:0:0:0:0:0:0',
      },
    })
    await addDevice(server, 'NOFACE', {
      options: {
        MultiBioDataSupport: '0:1:0:0:0:0:0:0:0:0',
        MultiBioVersion: '0:12.0:0:0:0:0:0:0:0:0',
      },
    })
    await addDevice(server, 'OTHER', {})
    const res = await call(server, 'POST', '/api/groups', { name: 'Site' })
    group = ((await res.json()) as { id: number }).id
    for (const sn of ['SRC', 'V10', 'V9', 'BIO', 'NOFACE']) {
      await call(server, 'PATCH', `/api/devices/${sn}`, { groupIds: [group] })
    }
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })

  async function enrolFromDevice(pin: string, rows: Array<Partial<typeof templates.$inferInsert>>) {
    const db = server.services.db
    await db.insert(people).values({ pin, name: 'Dev User', source: 'device:SRC' })
    const ids: number[] = []
    for (const row of rows) {
      const [t] = await db
        .insert(templates)
        .values({ pin, kind: 'fp', bioType: 1, no: 0, template: FP10, sourceSn: 'SRC', ...row })
        .returning()
      if (t) ids.push(t.id)
    }
    return ids
  }

  it('a user created on a device joins its groups and reaches every other device of them', async () => {
    await enrolFromDevice('77', [])
    await fanOut([{ sn: 'SRC', pin: '77', kind: 'user' }])
    const groups = await server.services.db
      .select()
      .from(personGroups)
      .where(eq(personGroups.pin, '77'))
    expect(groups.map((g) => g.groupId)).toEqual([group])
    const user =
      'DATA UPDATE USERINFO PIN=77\tName=Dev User\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000'
    expect(await queuedTexts(server)).toEqual(
      ['BIO', 'NOFACE', 'V10', 'V9'].map((sn) => `${sn}: ${user}`),
    )
  })

  it('an echo of a fanned-out record stops after one round', async () => {
    await enrolFromDevice('78', [])
    await fanOut([{ sn: 'SRC', pin: '78', kind: 'user' }])
    await server.services.db.update(commands).set({ status: 'succeeded' })
    // V10 reports the user it was sent: only the source terminal lacks that exact record.
    await fanOut([{ sn: 'V10', pin: '78', kind: 'user' }])
    const afterEcho = await queuedTexts(server)
    expect(afterEcho.filter((l) => l.startsWith('SRC:'))).toHaveLength(1)
    expect(afterEcho).toHaveLength(5)
    await fanOut([{ sn: 'SRC', pin: '78', kind: 'user' }])
    expect(await queuedTexts(server)).toHaveLength(5)
  })

  it('templates skip the source device and devices that cannot use them', async () => {
    const ids = await enrolFromDevice('5', [
      { kind: 'fp', no: 1, template: FP10 },
      { kind: 'biodata', bioType: 2, no: 0, majorVer: '8', minorVer: '0', template: 'FACE8' },
      { kind: 'biodata', bioType: 1, no: 2, majorVer: '13', template: 'FP13' },
    ])
    await server.services.db.insert(personGroups).values({ pin: '5', groupId: group })
    await fanOut([{ sn: 'SRC', pin: '5', kind: 'template', templateIds: ids }])
    const texts = await queuedTexts(server)
    const fp = 'DATA UPDATE FINGERTMP PIN=5\tFID=1\tSize=14\tValid=1\tTMP=TUzIxU1MjEAAAA'
    const face =
      'DATA UPDATE BIODATA Pin=5\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=2\tMajorVer=8\tMinorVer=0\tFormat=0\tTmp=FACE8'
    expect(texts).toEqual([
      // BIO reports FP 12 through MultiBioVersion: the v10 FINGERTMP is withheld, its v8 face goes.
      `BIO: ${face}`,
      // NOFACE: no face support, FP 12 fits neither template; V9/V10 report FP only, so no BIODATA.
      `V10: ${fp}`,
    ])
    expect(texts.some((l) => l.startsWith('SRC:'))).toBe(false)
    expect(texts.some((l) => l.startsWith('V9:'))).toBe(false)
  })

  it('AS608 templates reach only the terminals whose sensor reports that format', async () => {
    // Webroster terminals with an AS608 sensor report it as INFO fpAlgorithm on every poll.
    const pi = { info: { firmware: 'Webroster-Terminal 1.0.0', fpAlgorithm: 'AS608' } }
    for (const sn of ['PI1', 'PI2']) {
      await addDevice(server, sn, { telemetry: pi })
      await call(server, 'PATCH', `/api/devices/${sn}`, { groupIds: [group] })
    }
    await server.services.db.delete(commands)
    const as608 = 'QVM2MDgAAwERYW5hLXJpZ2h0LWluZGV4'
    const db = server.services.db
    await db.insert(people).values({ pin: '6', name: 'Pi User', source: 'device:PI1' })
    await db.insert(personGroups).values({ pin: '6', groupId: group })
    const rows = await db
      .insert(templates)
      .values([
        { pin: '6', kind: 'fp', bioType: 1, no: 3, template: as608, sourceSn: 'PI1' },
        { pin: '6', kind: 'fp', bioType: 1, no: 4, template: FP10, sourceSn: 'PI1' },
      ])
      .returning()
    await fanOut([{ sn: 'PI1', pin: '6', kind: 'template', templateIds: rows.map((r) => r.id) }])
    const size = as608.length
    expect(await queuedTexts(server)).toEqual([
      `PI2: DATA UPDATE FINGERTMP PIN=6\tFID=3\tSize=${size}\tValid=1\tTMP=${as608}`,
      // The ZK v10 template goes to the ZK terminals only; the AS608 one to none of them.
      'SRC: DATA UPDATE FINGERTMP PIN=6\tFID=4\tSize=14\tValid=1\tTMP=TUzIxU1MjEAAAA',
      'V10: DATA UPDATE FINGERTMP PIN=6\tFID=4\tSize=14\tValid=1\tTMP=TUzIxU1MjEAAAA',
    ])
  })

  it('an upload of 3,000 users reaches every other device of the group once, in a bounded number of transactions', async () => {
    const { services } = server
    const transaction = services.db.transaction.bind(services.db)
    let transactions = 0
    services.db.transaction = ((...args: Parameters<typeof transaction>) => {
      transactions++
      return transaction(...args)
    }) as typeof transaction
    const pins = Array.from({ length: 3000 }, (_, i) => String(i + 1))
    const body = pins.map((pin) => `USER PIN=${pin}\tName=P${pin}\tPri=0`).join('\n')
    const res = await server.request('/iclock/cdata?SN=SRC&table=OPERLOG', { method: 'POST', body })
    expect(await res.text()).toBe('OK:3000')
    // The ingest's own transaction, then one per 1,000 enrolled PINs: not one per user.
    expect(hookCalls).toBe(1)
    expect(transactions).toBeLessThanOrEqual(1 + 3)
    expect(await services.db.$count(personGroups)).toBe(3000)
    const queued = new Map<string, string[]>()
    for (const line of await queuedTexts(server)) {
      const [sn, pin] = line.match(/^(\w+): DATA UPDATE USERINFO PIN=(\d+)\t/)?.slice(1) ?? [line]
      queued.set(sn ?? '', [...(queued.get(sn ?? '') ?? []), pin ?? line])
    }
    const sorted = [...pins].sort()
    expect([...queued.keys()].sort()).toEqual(['BIO', 'NOFACE', 'V10', 'V9'])
    for (const [sn, got] of queued) expect([sn, got.sort()]).toEqual([sn, sorted])
  })

  it('a failing fan-out chunk leaves the upload acknowledged and the other chunks queued', async () => {
    const { commands: queue } = server.services
    const enqueueMany = queue.enqueueMany.bind(queue)
    let calls = 0
    queue.enqueueMany = (inputs, tx) => {
      calls++
      return calls === 1 ? Promise.reject(new Error('queue refused')) : enqueueMany(inputs, tx)
    }
    const body = Array.from({ length: 1500 }, (_, i) => `USER PIN=${i + 1}\tName=P\tPri=0`)
    const res = await server.request('/iclock/cdata?SN=SRC&table=OPERLOG', {
      method: 'POST',
      body: body.join('\n'),
    })
    expect([res.status, await res.text()]).toEqual([200, 'OK:1500'])
    expect(await server.services.db.$count(people)).toBe(1500)
    // The first 1,000 PINs' transaction rolled back (no commands, no groups joined); the last 500 went.
    expect(await server.services.db.$count(commands, eq(commands.sn, 'V10'))).toBe(500)
    expect(await server.services.db.$count(personGroups)).toBe(500)
  })

  it('a user and their template enrolled in one upload reach a device once each, the user first', async () => {
    const body = [
      'USER PIN=901\tName=New\tPri=0',
      `FP PIN=901\tFID=1\tSize=14\tValid=1\tTMP=${FP10}`,
    ]
    const res = await server.request('/iclock/cdata?SN=SRC&table=OPERLOG', {
      method: 'POST',
      body: body.join('\n'),
    })
    expect(await res.text()).toBe('OK:2')
    const rows = await server.services.db
      .select({ text: commands.text })
      .from(commands)
      .where(eq(commands.sn, 'V10'))
      .orderBy(asc(commands.createdAt), asc(commands.id))
    expect(rows.map((r) => r.text)).toEqual([
      'DATA UPDATE USERINFO PIN=901\tName=New\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000',
      `DATA UPDATE FINGERTMP PIN=901\tFID=1\tSize=14\tValid=1\tTMP=${FP10}`,
    ])
  })

  it('sync queues everyone of the device’s groups with their usable templates', async () => {
    await call(server, 'POST', '/api/people', { pin: '1', name: 'A', groupIds: [group] })
    await call(server, 'POST', '/api/people', { pin: '2', name: 'B', groupIds: [group] })
    await call(server, 'POST', '/api/people', { pin: '3', name: 'C' })
    await server.services.db.insert(templates).values([
      { pin: '1', kind: 'fp', bioType: 1, no: 0, template: FP10 },
      { pin: '2', kind: 'fp', bioType: 1, no: 0, template: FP9 },
    ])
    const before = (await queuedTexts(server)).length
    const res = await call(server, 'POST', '/api/devices/V10/sync')
    expect(await res.json()).toEqual({ queued: 3 })
    const added = (await queuedTexts(server)).filter((l) => l.startsWith('V10:'))
    expect(added).toHaveLength(5)
    expect(added.filter((l) => l.includes('USERINFO PIN=1\t'))).toHaveLength(2)
    expect(added.filter((l) => l.includes('USERINFO PIN=2\t'))).toHaveLength(2)
    expect(added).toContain(
      `V10: DATA UPDATE FINGERTMP PIN=1\tFID=0\tSize=14\tValid=1\tTMP=${FP10}`,
    )
    expect((await queuedTexts(server)).length - before).toBe(3)
    expect((await call(server, 'POST', '/api/devices/NOPE/sync')).status).toBe(404)
  })

  it('a device joining a group gets its people; leaving it deletes them', async () => {
    await call(server, 'POST', '/api/people', { pin: '9', name: 'Z', groupIds: [group] })
    const joined = await call(server, 'PATCH', '/api/devices/OTHER', { groupIds: [group] })
    expect(((await joined.json()) as { queued: number }).queued).toBe(1)
    const left = await call(server, 'PATCH', '/api/devices/OTHER', { groupIds: [] })
    expect(((await left.json()) as { queued: number }).queued).toBe(1)
    const other = (await queuedTexts(server)).filter((l) => l.startsWith('OTHER:'))
    expect(other).toEqual([
      'OTHER: DATA DELETE USERINFO PIN=9',
      'OTHER: DATA UPDATE USERINFO PIN=9\tName=Z\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000',
    ])
  })

  it('deleting a template queues the matching delete to the person’s devices', async () => {
    await call(server, 'POST', '/api/people', { pin: '4', groupIds: [group] })
    const [t] = await server.services.db
      .insert(templates)
      .values({ pin: '4', kind: 'biodata', bioType: 9, no: 0, majorVer: '40', template: 'VIS' })
      .returning()
    const creds = await call(server, 'GET', '/api/people/4/credentials')
    const body = (await creds.json()) as { templates: Array<Record<string, unknown>> }
    expect(body.templates[0]).toMatchObject({ id: t?.id, size: 3, kind: 'biodata' })
    expect(body.templates[0]).not.toHaveProperty('template')
    const withData = await call(server, 'GET', '/api/people/4/credentials?include=template')
    expect(((await withData.json()) as typeof body).templates[0]?.template).toBe('VIS')
    const res = await call(server, 'DELETE', `/api/people/4/templates/${t?.id}`)
    expect(((await res.json()) as { queued: number }).queued).toBe(5)
    const deletes = (await queuedTexts(server)).filter((l) => l.includes('DELETE'))
    expect(deletes).toContain('V9: DATA DELETE BIODATA Pin=4\tType=9\tNo=0')
    expect((await call(server, 'DELETE', `/api/people/4/templates/${t?.id}`)).status).toBe(404)
  })
})
