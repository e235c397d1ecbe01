import { asc } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { people, rejectedLines } from '../db/schema'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SN = 'UI0001'

describe.each(testDbKinds())('table=USERINFO uploads on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  beforeEach(async () => {
    server = await createTestServer(kind)
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })
  const post = (path: string, body: BodyInit) => server.request(path, { method: 'POST', body })

  it('imports PIN= rows and USER rows (the answer to DATA QUERY USERINFO) as people', async () => {
    const body = [
      'PIN=101\tName=Ann\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000\tVerify=0',
      'USER PIN=102\tName=Juan Pérez\tPri=14\tPasswd=42\tCard=123456789\tGrp=1',
      'Name=nobody',
    ].join('\n')
    const res = await post(`/iclock/cdata?SN=${SN}&table=USERINFO&Stamp=9999`, body)
    expect(await res.text()).toBe('OK:2')
    const rows = await server.services.db.select().from(people).orderBy(asc(people.pin))
    expect(rows.map((p) => [p.pin, p.name, p.privilege, p.password, p.card, p.source])).toEqual([
      ['101', 'Ann', 0, '', null, `device:${SN}`],
      ['102', 'Juan Pérez', 14, '42', '123456789', `device:${SN}`],
    ])
    const rejected = await server.services.db.select().from(rejectedLines)
    expect(rejected.map((r) => [r.table, r.line, r.reason])).toEqual([
      ['USERINFO', 3, 'missing PIN'],
    ])
  })

  it('a re-sent dump changes nothing and is acknowledged again', async () => {
    const path = `/iclock/cdata?SN=${SN}&table=userinfo`
    expect(await (await post(path, 'PIN=7\tName=Bo\n')).text()).toBe('OK:1')
    expect(await (await post(path, 'PIN=7\tName=Bo\n')).text()).toBe('OK:1')
    expect(await server.services.db.select().from(people)).toHaveLength(1)
  })
})
