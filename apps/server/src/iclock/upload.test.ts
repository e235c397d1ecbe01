import { asc, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  attendancePhotos,
  deviceErrors,
  operations,
  people,
  personPhotos,
  punches,
  rejectedLines,
  templates,
} from '../db/schema'
import type { EnrolledEvent } from '../people'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SN = 'UP0001'

describe.each(testDbKinds())('iclock uploads on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  beforeEach(async () => {
    server = await createTestServer(kind, { defaultTimeZone: 'America/Mexico_City' })
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })
  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    server.request(path, { method: 'POST', body, headers })
  const punchRows = () =>
    server.services.db.select().from(punches).orderBy(asc(punches.pin), asc(punches.localTime))

  it('stores ATTLOG of every firmware shape, sent without a Content-Type', async () => {
    const body = [
      '1\t2025-01-15 07:32:00\t0\t1\t0\t0\t0', // 7 fields (doc)
      '2\t2025-01-15 07:33:00\t1\t15\t\t0\t0\t', // empty workcode + trailing TAB
      '3\t2025-01-15 07:34:00\t255\t4\t0\t0\t0\t0\t255\t0\t0\t', // 10 fields + TAB
      '4\t2025-01-15 07:35:00\t0\t15\t0\t0\t0\t1\t36.6\t97.9\t-21600\teyJHUFNJbmZvIjp7fX0=', // 12
    ].join('\r\n')
    const res = await post(`/iclock/cdata?SN=${SN}&table=ATTLOG&Stamp=9999`, body)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('OK:4')
    expect(res.headers.get('date')).toBeTruthy()
    const rows = await punchRows()
    expect(rows.map((r) => [r.pin, r.localTime, r.status, r.verify])).toEqual([
      ['1', '2025-01-15 07:32:00', 0, 1],
      ['2', '2025-01-15 07:33:00', 1, 15],
      ['3', '2025-01-15 07:34:00', 255, 4],
      ['4', '2025-01-15 07:35:00', 0, 15],
    ])
    // Mexico City is UTC-6 in January
    expect(rows[0]?.punchedAt.toISOString()).toBe('2025-01-15T13:32:00.000Z')
    expect(rows[3]?.extra).toMatchObject({ maskFlag: '1', temperature: '36.6' })
  })

  it('acknowledges a re-sent batch again without duplicating it', async () => {
    const body = '7\t2025-01-15 08:00:00\t0\t1\t0\t0\t0\n8\t2025-01-15 08:01:00\t0\t1\t0\t0\t0\n'
    const path = `/iclock/cdata.aspx?sn=${SN}&table=ATTLOG&Stamp=9999`
    expect(await (await post(path, body)).text()).toBe('OK:2')
    expect(await (await post(path, body)).text()).toBe('OK:2')
    expect(await punchRows()).toHaveLength(2)
  })

  it('keeps rejected lines with the reason and the rest of the batch', async () => {
    const body = 'ATTLOG\n9\tnot-a-time\t0\t1\n10\t2025-01-15 08:00:00\t0\t1\t0\t0\t0\n'
    expect(await (await post(`/iclock/cdata?SN=${SN}&table=ATTLOG`, body)).text()).toBe('OK:1')
    const rejected = await server.services.db.select().from(rejectedLines)
    // The `ATTLOG` header line is not a record: only the bad line is reported.
    expect(rejected.map((r) => [r.table, r.line])).toEqual([['ATTLOG', 2]])
    expect(rejected.every((r) => r.reason.length > 0)).toBe(true)
  })

  it('groups concurrent single-punch requests and acknowledges each after commit', async () => {
    const replies = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        post(
          `/iclock/cdata?SN=GC${i % 5}&table=ATTLOG`,
          `${i}\t2025-01-15 09:00:${String(i).padStart(2, '0')}\t0\t1\t0\t0\t0\n`,
        ).then((r) => r.text()),
      ),
    )
    expect(replies).toEqual(Array(25).fill('OK:1'))
    expect(await punchRows()).toHaveLength(25)
  })

  it('stores OPERLOG users, templates, photos, operations and errors, legacy OpStamp included', async () => {
    const events: EnrolledEvent[] = []
    await server.close()
    server = await createTestServer(kind, { defaultTimeZone: 'America/Mexico_City' }, undefined, {
      onEnrolled: (e) => {
        events.push(...e)
      },
    })
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).toString('base64')
    const body = [
      'USER PIN=42\tName=Ann Lee\tPri=14\tPasswd=\tCard=[15CD5B07]\tGrp=1\tTZ=0000000000000000\tVerify=0\tViceCard=',
      'FP PIN=42\tFID=3\tSize=8\tValid=1\tTMP=TUzIxAAA',
      'FACE PIN=42\tFID=0\tSIZE=4\tVALID=1\tTMP=QUJD',
      'BIODATA Pin=42\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=9\tMajorVer=58\tMinorVer=0\tFormat=0\tTmp=WFla',
      `USERPIC PIN=42\tFileName=42.jpg\tSize=${jpeg.length}\tContent=${jpeg}`,
      'OPLOG 70\t0\t2025-01-15 16:08:50\t42\t0\t0\t0',
      'ERRORLOG ErrCode=D01E0001\tErrMsg=face detection failed\tDataOrigin=dev\tCmdId=\tAdditional=',
      'BOGUS x=1',
    ].join('\n')
    const res = await post(`/iclock/cdata?SN=${SN}&OpStamp=1234`, body)
    expect(await res.text()).toBe('OK:7')
    const { db } = server.services
    const [ann] = await db.select().from(people).where(eq(people.pin, '42'))
    expect(ann).toMatchObject({
      name: 'Ann Lee',
      privilege: 14,
      card: '[15CD5B07]',
      source: `device:${SN}`,
    })
    const tmpl = await db.select().from(templates).orderBy(asc(templates.kind))
    expect(tmpl.map((t) => [t.kind, t.bioType, t.no, t.template])).toEqual([
      ['biodata', 9, 0, 'WFla'],
      ['face', 2, 0, 'QUJD'],
      ['fp', 1, 3, 'TUzIxAAA'],
    ])
    const [pic] = await db.select().from(personPhotos)
    expect(Buffer.from(pic?.image ?? []).toString('base64')).toBe(jpeg)
    expect(await db.select().from(operations)).toHaveLength(1)
    expect((await db.select().from(deviceErrors))[0]?.code).toBe('D01E0001')
    expect((await db.select().from(rejectedLines))[0]?.text).toBe('BOGUS x=1')
    expect(events).toContainEqual({ sn: SN, pin: '42', kind: 'user' })
    expect(events.find((e) => e.kind === 'template')?.templateIds).toHaveLength(3)
    // a re-send updates in place
    expect(await (await post(`/iclock/cdata?SN=${SN}&table=OPERLOG`, body)).text()).toBe('OK:7')
    expect(await db.select().from(templates)).toHaveLength(3)
    expect(await db.select().from(operations)).toHaveLength(1)
  })

  it('decodes GB18030 names that are not UTF-8', async () => {
    const head = Buffer.from('USER PIN=9\tName=')
    const name = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]) // 张三 in GB18030
    const body = new Uint8Array(Buffer.concat([head, name, Buffer.from('\tPri=0\n')]))
    expect(await (await post(`/iclock/cdata?SN=${SN}&table=OPERLOG`, body)).text()).toBe('OK:1')
    const [p] = await server.services.db.select().from(people)
    expect(p?.name).toBe('张三')
  })

  it('turns Security PUSH rtlog events with a person into punches and keeps the others', async () => {
    const body = [
      'time=2025-01-15 08:00:00\tpin=5\tcardno=0\tsitecode=0\tlinkid=0\teventaddr=1\tevent=0\tinoutstatus=1\tverifytype=15\tindex=11',
      'time=2025-01-15 08:00:05\tpin=0\tcardno=0\tsitecode=0\tlinkid=0\teventaddr=1\tevent=27\tinoutstatus=0\tverifytype=1\tindex=12',
    ].join('\n')
    const res = await post('/iclock/cdata?SN=ACC9&table=rtlog', body, {
      'content-type': 'application/push;charset=UTF-8',
    })
    expect(await res.text()).toBe('OK')
    const rows = await punchRows()
    expect(rows.map((r) => [r.sn, r.pin, r.status, r.verify])).toEqual([['ACC9', '5', 1, 15]])
    const rejected = await server.services.db.select().from(rejectedLines)
    expect(rejected[0]?.reason).toMatch(/event 27/)
  })

  it('answers tabledata with <table>=<n> and stores the users', async () => {
    const body =
      'user uid=1\tcardno=123\tpin=77\tpassword=\tgroup=1\tstarttime=0\tendtime=0\tname=Bo\tprivilege=0\n'
    const res = await post('/iclock/cdata?SN=ACC9&table=tabledata&tablename=user&count=1', body)
    expect(await res.text()).toBe('user=1')
    const [p] = await server.services.db.select().from(people)
    expect(p).toMatchObject({ pin: '77', name: 'Bo' })
  })

  it('stores attendance photos as bytes (cdata and fdata) and device options', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x0a, 0x0d, 0x0a])
    const head = Buffer.from(
      `PIN=20250115080000-7.jpg\nSN=${SN}\nsize=${jpeg.length}\nCMD=uploadphoto\0`,
    )
    const body = new Uint8Array(Buffer.concat([head, jpeg]))
    expect(await (await post(`/iclock/fdata?SN=${SN}&table=ATTPHOTO`, body)).text()).toBe('OK')
    expect(await (await post(`/iclock/cdata?SN=${SN}&table=ATTPHOTO`, body)).text()).toBe('OK')
    const photos = await server.services.db.select().from(attendancePhotos)
    expect(photos).toHaveLength(1)
    expect([...(photos[0]?.image ?? [])]).toEqual([...jpeg])
    expect(photos[0]?.pin).toBe('7')
    const opts =
      '~DeviceName=SpeedFace-V5L,~OEMVendor=ZKTECO CO., LTD.,FWVersion=ZAM180-NF-Ver1.1.17,UserCount=3'
    expect(await (await post(`/iclock/cdata?SN=${SN}&table=options`, opts)).text()).toBe('OK')
    const device = await server.services.devices.get(SN)
    expect(device?.options).toMatchObject({ OEMVendor: 'ZKTECO CO., LTD.', UserCount: '3' })
    expect(Object.keys(device?.options ?? {}).filter((k) => k.startsWith('~'))).toEqual([])
    expect(device?.firmware).toBe('ZAM180-NF-Ver1.1.17')
  })

  it('keeps unknown tables as rejected lines and acknowledges them', async () => {
    const res = await post(`/iclock/cdata?SN=${SN}&table=FUTURETABLE`, 'a=1\nb=2\n')
    expect(await res.text()).toBe('OK')
    expect(await server.services.db.select().from(rejectedLines)).toHaveLength(2)
  })

  it('never answers OK when the database fails', async () => {
    await server.database.close()
    const res = await post(`/iclock/cdata?SN=${SN}&table=ATTLOG`, '1\t2025-01-15 08:00:00\t0\t1\n')
    expect(res.status).toBe(503)
    expect(await res.text()).not.toMatch(/^OK/)
  })
})
