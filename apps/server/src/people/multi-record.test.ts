import { parseCommandLines } from '@webroster/protocol'
import { asc, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commands, devices, people, personGroups } from '../db/schema'
import { call } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'
import { createFanOut } from './fan-out'

const COUNT = 250

describe.each(testDbKinds())('multi-record provisioning on %s', { timeout: 60_000 }, (kind) => {
  let server: TestServer
  let group: number
  beforeEach(async () => {
    server = await createTestServer(kind)
    const db = server.services.db
    await db.insert(devices).values([
      { sn: 'P24', status: 'approved', deviceType: 'att', pushver: '2.4.1' },
      { sn: 'LEGACY', status: 'approved' },
      { sn: 'ACC', status: 'approved', deviceType: 'acc', pushver: '3.1.2' },
    ])
    const res = await call(server, 'POST', '/api/groups', { name: 'Site' })
    group = ((await res.json()) as { id: number }).id
    const pins = Array.from({ length: COUNT }, (_, i) => String(1000 + i))
    await db.insert(people).values(pins.map((pin) => ({ pin, name: `Person ${pin}` })))
    await db.insert(personGroups).values(pins.map((pin) => ({ pin, groupId: group })))
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })

  const rowsOf = (sn: string) =>
    server.services.db
      .select()
      .from(commands)
      .where(eq(commands.sn, sn))
      .orderBy(asc(commands.createdAt))

  it('packs the records of a 2.x attendance unit, one record per command elsewhere', async () => {
    for (const sn of ['P24', 'LEGACY', 'ACC']) {
      await call(server, 'PATCH', `/api/devices/${sn}`, { groupIds: [group] })
    }
    const p24 = await rowsOf('P24')
    expect(p24.map((r) => r.text.split('\n').length)).toEqual([100, 100, 50])
    expect(p24[0]?.text.split('\n').slice(0, 2)).toEqual([
      'DATA UPDATE USERINFO PIN=1000\tName=Person 1000\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000',
      'PIN=1001\tName=Person 1001\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000',
    ])
    expect(await rowsOf('LEGACY')).toHaveLength(COUNT)
    expect(await rowsOf('ACC')).toHaveLength(2 * COUNT)
    // Removing the unit from the group deletes everyone, packed the same way.
    await call(server, 'PATCH', '/api/devices/P24', { groupIds: [] })
    const deletes = (await rowsOf('P24')).filter((r) => r.type === 'delete-user')
    expect(deletes.map((r) => r.text.split('\n').length)).toEqual([100, 100, 50])
    expect(deletes[0]?.text).toMatch(/^DATA DELETE USERINFO PIN=1000\nPIN=1001\n/)
  })

  it('delivers them in one poll, and one result completes every record of a command', async () => {
    await server.request('/iclock/cdata?SN=P24&options=all&pushver=2.4.1&DeviceType=att')
    await call(server, 'PATCH', '/api/devices/P24', { groupIds: [group] })
    const body = await (await server.request('/iclock/getrequest?SN=P24')).text()
    const { records, rejected } = parseCommandLines(body)
    expect(rejected).toEqual([])
    expect(records.map((r) => r.command.type === 'DATA BATCH' && r.command.records.length)).toEqual(
      [100, 100, 50],
    )
    const results = records.map((r) => `ID=${r.id}&Return=0&CMD=DATA\n`).join('')
    await server.request('/iclock/devicecmd?SN=P24', { method: 'POST', body: results })
    expect((await rowsOf('P24')).map((r) => r.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ])
    expect(await (await server.request('/iclock/getrequest?SN=P24')).text()).toBe('OK')
  })

  it('an echo of a record sent inside a multi-record command queues nothing for that unit', async () => {
    await call(server, 'PATCH', '/api/devices/P24', { groupIds: [group] })
    await call(server, 'PATCH', '/api/devices/LEGACY', { groupIds: [group] })
    await server.services.db.update(commands).set({ status: 'succeeded' })
    const before = (await rowsOf('P24')).length
    const { db, commands: queue, config, log } = server.services
    await createFanOut({ db, queue, defaultZone: config.defaultTimeZone, log })([
      { sn: 'LEGACY', pin: '1042', kind: 'user' },
    ])
    expect(await rowsOf('P24')).toHaveLength(before)
  })

  it('terminals joining at once each get every person exactly once', async () => {
    const sns = Array.from({ length: 8 }, (_, i) => `J${i}`)
    await server.services.db
      .insert(devices)
      .values(sns.map((sn) => ({ sn, status: 'approved' as const, pushver: '2.4.1' })))
    await Promise.all(
      sns.map((sn) => call(server, 'PATCH', `/api/devices/${sn}`, { groupIds: [group] })),
    )
    for (const sn of sns) {
      const records = (await rowsOf(sn)).flatMap((r) => r.text.split('\n'))
      expect([sn, records.length]).toEqual([sn, COUNT])
    }
  })
})
