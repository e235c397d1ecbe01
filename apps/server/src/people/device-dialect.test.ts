import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { devices, templates } from '../db/schema'
import { call, queuedTexts } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

describe.each(testDbKinds())(
  'provisioning per device dialect on %s',
  { timeout: 30_000 },
  (kind) => {
    let server: TestServer
    let group: number
    beforeEach(async () => {
      server = await createTestServer(kind, { defaultTimeZone: 'UTC' })
      await server.services.db.insert(devices).values([
        { sn: 'ACC1', status: 'approved', deviceType: 'acc', pushver: '3.1.2' },
        { sn: 'ATT1', status: 'approved', deviceType: 'att', pushver: '2.4.1' },
      ])
      const res = await call(server, 'POST', '/api/groups', { name: 'Doors' })
      group = ((await res.json()) as { id: number }).id
      for (const sn of ['ACC1', 'ATT1']) {
        await call(server, 'PATCH', `/api/devices/${sn}`, { groupIds: [group] })
      }
    }, 60_000)
    afterEach(async () => {
      await server.close()
    })

    it('sends access controllers Security PUSH user records, attendance units USERINFO', async () => {
      const res = await call(server, 'POST', '/api/people', {
        pin: '1001',
        name: 'Zoë',
        privilege: 14,
        password: '1234',
        card: '[15CD5B07]',
        validTo: '2027-01-31T12:00:00Z',
        groupIds: [group],
      })
      expect(res.status).toBe(201)
      expect(await queuedTexts(server)).toEqual([
        'ACC1: DATA UPDATE user CardNo=123456789\tPin=1001\tPassword=1234\tGroup=0\tStartTime=0\tEndTime=20270131\tName=Zoë\tPrivilege=14',
        'ACC1: DATA UPDATE userauthorize Pin=1001\tAuthorizeTimezoneId=1\tAuthorizeDoorId=15',
        'ATT1: DATA UPDATE USERINFO PIN=1001\tName=Zoë\tPri=14\tPasswd=1234\tCard=123456789\tGrp=1\tTZ=0000000000000000\tEndDatetime=2027-01-31T12:00:00\tExpires=1',
      ])
    })

    it('removes a person and their templates in the dialect of each device', async () => {
      await call(server, 'POST', '/api/people', { pin: '7', name: 'Bo', groupIds: [group] })
      await server.services.db.insert(templates).values({
        pin: '7',
        kind: 'fp',
        bioType: 1,
        no: 3,
        template: 'TUzIxAA==',
        sourceSn: 'ATT1',
      })
      await call(server, 'POST', '/api/devices/ACC1/sync')
      const synced = await queuedTexts(server)
      expect(synced).toContain(
        'ACC1: DATA UPDATE templatev10 Size=9\tPin=7\tFingerID=3\tValid=1\tTemplate=TUzIxAA==',
      )
      const [t] = await server.services.db.select().from(templates).where(eq(templates.pin, '7'))
      await call(server, 'DELETE', `/api/people/7/templates/${t?.id}`)
      await call(server, 'DELETE', '/api/people/7')
      const after = (await queuedTexts(server)).filter((l) => !synced.includes(l))
      expect(after).toEqual([
        'ACC1: DATA DELETE templatev10 Pin=7\tFingerID=3',
        'ACC1: DATA DELETE user Pin=7',
        'ACC1: DATA DELETE userauthorize Pin=7',
        'ATT1: DATA DELETE FINGERTMP PIN=7\tFID=3',
        'ATT1: DATA DELETE USERINFO PIN=7',
      ])
    })
  },
)
