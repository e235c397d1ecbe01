import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { templates } from '../db/schema'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SN = 'STALE01'
const USER = 'USER PIN=77\tName=Ann\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000\tVerify=0\n'
const FP = 'FP PIN=77\tFID=0\tSize=8\tValid=1\tTMP=QUJDREVGR0g=\n'

describe.each(testDbKinds())('uploads about a person being deleted, on %s', (kind) => {
  let server: TestServer
  const json = (body: unknown) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const upload = (body: string) =>
    server.request(`/iclock/cdata?SN=${SN}&table=OPERLOG&Stamp=9999`, { method: 'POST', body })

  beforeEach(async () => {
    server = await createTestServer(kind)
    await server.request(`/iclock/cdata?SN=${SN}&options=all&pushver=2.4.1`)
    const group = (await (await server.request('/api/groups', json({ name: 'G' }))).json()) as {
      id: number
    }
    await server.request(`/api/devices/${SN}`, {
      ...json({ groupIds: [group.id] }),
      method: 'PATCH',
    })
    const created = await server.request(
      '/api/people',
      json({ pin: '77', name: 'Ann', card: '123456789', groupIds: [group.id] }),
    )
    expect(created.status).toBe(201)
    // The terminal takes the user, then the person is deleted through the API.
    const first = await server.request(`/iclock/getrequest?SN=${SN}`)
    const id = /^C:(\w+):DATA UPDATE USERINFO PIN=77/m.exec(await first.text())?.[1]
    await server.request(`/iclock/devicecmd?SN=${SN}`, {
      method: 'POST',
      body: `ID=${id}&Return=0&CMD=DATA\n`,
    })
    expect((await server.request('/api/people/77', { method: 'DELETE' })).status).toBeLessThan(300)
  })
  afterEach(async () => {
    await server.close()
  })

  it('acknowledges but does not store them while the delete has not reached the terminal', async () => {
    const reply = await upload(USER + FP)
    expect(await reply.text()).toBe('OK:2')
    expect((await server.request('/api/people/77')).status).toBe(404)
    const stored = await server.services.db.select().from(templates).where(eq(templates.pin, '77'))
    expect(stored).toEqual([])
  })

  it('stores them again once the terminal has carried out the delete (a real re-enrolment)', async () => {
    const poll = await (await server.request(`/iclock/getrequest?SN=${SN}`)).text()
    const id = /^C:(\w+):DATA DELETE USERINFO PIN=77$/m.exec(poll)?.[1]
    expect(id).toBeDefined()
    await server.request(`/iclock/devicecmd?SN=${SN}`, {
      method: 'POST',
      body: `ID=${id}&Return=0&CMD=DATA\n`,
    })
    expect(await (await upload(USER)).text()).toBe('OK:1')
    expect((await server.request('/api/people/77')).status).toBe(200)
  })
})
