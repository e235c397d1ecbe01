import { afterEach, describe, expect, it } from 'vitest'
import { initDefaultGroup } from '../people/default-group'
import { call, queuedTexts } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

interface Saved {
  queued: number
  terminals: number
  warning?: string
  person: { groupIds: number[] }
}

describe.each(testDbKinds())('the default group on %s', { timeout: 60_000 }, (kind) => {
  let server: TestServer
  afterEach(async () => {
    await server.close()
  })
  const settings = async () =>
    (await (await server.request('/api/settings')).json()) as {
      defaultGroupId: number | null
      defaultGroupName: string | null
    }
  const create = async (body: Record<string, unknown>) => {
    const res = await call(server, 'POST', '/api/people', body)
    expect(res.status).toBe(201)
    return (await res.json()) as Saved
  }
  const groupsOf = async (sn: string) =>
    ((await (await server.request(`/api/devices/${sn}`)).json()) as { groupIds: number[] }).groupIds

  it('puts admitted devices and new people without groups in it, so they meet', async () => {
    server = await createTestServer(kind, { defaultGroup: 'everyone' })
    const { defaultGroupId, defaultGroupName } = await settings()
    expect(defaultGroupName).toBe('everyone')
    expect(defaultGroupId).toEqual(expect.any(Number))
    await server.request('/iclock/cdata?SN=NEW1&options=all')
    expect(await groupsOf('NEW1')).toEqual([defaultGroupId])

    const saved = await create({ pin: '1', name: 'Ana' })
    expect(saved).toMatchObject({ queued: 1, terminals: 1, person: { groupIds: [defaultGroupId] } })
    expect(saved.warning).toBeUndefined()
    // A device admitted later gets everyone of the group at once.
    await server.request('/iclock/cdata?SN=NEW2&options=all')
    expect(await queuedTexts(server)).toEqual([
      expect.stringMatching(/^NEW1: DATA UPDATE USERINFO PIN=1\t/),
      expect.stringMatching(/^NEW2: DATA UPDATE USERINFO PIN=1\t/),
    ])
    // Naming groups opts out of the default.
    const other = (
      (await (await call(server, 'POST', '/api/groups', { name: 'Other' })).json()) as {
        id: number
      }
    ).id
    expect((await create({ pin: '2', groupIds: [other] })).person.groupIds).toEqual([other])
    // An import's new person with no groups joins it too.
    await server.request('/api/people/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'pin,name,groups\n3,Cy,\n',
    })
    expect(
      ((await (await server.request('/api/people/3')).json()) as { groupIds: number[] }).groupIds,
    ).toEqual([defaultGroupId])
  })

  it('switched off, restores the old behaviour: no group, a warning', async () => {
    server = await createTestServer(kind, { defaultGroup: 'everyone' })
    const res = await call(server, 'PATCH', '/api/settings', { defaultGroupId: null })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ defaultGroupId: null, defaultGroupName: null })
    await server.request('/iclock/cdata?SN=NEW1&options=all')
    expect(await groupsOf('NEW1')).toEqual([])
    const saved = await create({ pin: '1', name: 'Ana' })
    expect(saved).toMatchObject({ queued: 0, terminals: 0, person: { groupIds: [] } })
    expect(saved.warning).toContain('reaches no terminal')
    expect((await call(server, 'PATCH', '/api/settings', { defaultGroupId: 999 })).status).toBe(404)
  })

  it('joins a device approved by an operator, once', async () => {
    server = await createTestServer(kind, { defaultGroup: 'everyone', admission: 'approve' })
    const { defaultGroupId } = await settings()
    await create({ pin: '1', name: 'Ana' })
    await server.request('/iclock/cdata?SN=WAIT1&options=all')
    expect(await groupsOf('WAIT1')).toEqual([])
    expect((await call(server, 'POST', '/api/devices/WAIT1/approve')).status).toBe(200)
    expect(await groupsOf('WAIT1')).toEqual([defaultGroupId])
    await call(server, 'PATCH', '/api/devices/WAIT1', { groupIds: [] })
    await call(server, 'POST', '/api/devices/WAIT1/approve')
    expect(await groupsOf('WAIT1')).toEqual([])
  })

  it('starts switched off when the configured name is empty, and keeps a stored choice over the configuration', async () => {
    server = await createTestServer(kind, { defaultGroup: '' })
    expect(await settings()).toEqual({ defaultGroupId: null, defaultGroupName: null })
    expect(await (await server.request('/api/groups')).json()).toEqual([])
    // A later start with another name leaves the site's choice alone.
    await initDefaultGroup(server.services.db, 'everyone')
    expect(await settings()).toEqual({ defaultGroupId: null, defaultGroupName: null })
    expect(await (await server.request('/api/groups')).json()).toEqual([])
  })
})
