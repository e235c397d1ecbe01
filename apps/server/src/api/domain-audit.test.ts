import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDevice, call } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'
import { SELF_AUDITED_AREAS } from './request-audit'

interface AuditRow {
  actor: string
  action: string
  entity: string
  entityId: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

describe.each(testDbKinds())(
  'devices, commands, keys and webhooks audit their own changes, on %s',
  (kind) => {
    let server: TestServer
    beforeAll(async () => {
      server = await createTestServer(kind, { webhookAllowPrivate: true })
    })
    afterAll(async () => {
      await server.close()
    })

    /** The audit rows written by `write`, oldest first. */
    async function recorded(write: () => Promise<Response>): Promise<AuditRow[]> {
      const newest = async () => {
        const page = (await (await call(server, 'GET', '/api/audit?limit=1')).json()) as {
          items: Array<{ id: number }>
        }
        return page.items[0]?.id ?? 0
      }
      const since = await newest()
      const res = await write()
      expect(res.status, await res.clone().text()).toBeLessThan(300)
      const page = (await (await call(server, 'GET', '/api/audit?limit=100')).json()) as {
        items: Array<AuditRow & { id: number }>
      }
      return page.items.filter((r) => r.id > since).reverse()
    }

    it('names these areas as self-audited, so no request-level row repeats them', () => {
      for (const area of ['devices', 'commands', 'keys', 'webhooks', 'operators']) {
        expect(SELF_AUDITED_AREAS.has(area), area).toBe(true)
      }
    })

    it('a device: approve, refuse, rename, zone, token and forget, each with before and after', async () => {
      await addDevice(server, 'AUD1', { status: 'pending' })
      expect(await recorded(() => call(server, 'POST', '/api/devices/AUD1/approve'))).toEqual([
        expect.objectContaining({
          actor: 'admin',
          action: 'device.approve',
          entity: 'device',
          entityId: 'AUD1',
          before: expect.objectContaining({ sn: 'AUD1', status: 'pending' }),
          after: expect.objectContaining({ sn: 'AUD1', status: 'approved' }),
        }),
      ])
      const [refused] = await recorded(() => call(server, 'POST', '/api/devices/AUD1/refuse'))
      expect(refused).toMatchObject({
        action: 'device.refuse',
        before: { status: 'approved' },
        after: { status: 'refused' },
      })
      const [renamed] = await recorded(() =>
        call(server, 'PATCH', '/api/devices/AUD1', { name: 'Door', timeZone: 'Europe/Madrid' }),
      )
      expect(renamed).toMatchObject({
        action: 'device.update',
        before: { name: null, timeZone: null },
        after: { name: 'Door', timeZone: 'Europe/Madrid' },
      })
      const token = await recorded(() => call(server, 'POST', '/api/devices/AUD1/token'))
      expect(token).toEqual([
        expect.objectContaining({
          action: 'device.token',
          before: expect.objectContaining({ hasToken: false }),
          after: expect.objectContaining({ hasToken: true }),
        }),
      ])
      const [forgotten] = await recorded(() => call(server, 'DELETE', '/api/devices/AUD1'))
      expect(forgotten).toMatchObject({
        action: 'device.forget',
        before: { sn: 'AUD1', name: 'Door' },
        after: null,
      })
    })

    it("a device's groups: the ids before and after", async () => {
      await addDevice(server, 'AUD2')
      const res = await call(server, 'POST', '/api/groups', { name: 'Aud groups' })
      const { id } = (await res.json()) as { id: number }
      const rows = await recorded(() =>
        call(server, 'PATCH', '/api/devices/AUD2', { groupIds: [id] }),
      )
      expect(rows).toEqual([
        expect.objectContaining({
          action: 'device.groups',
          entity: 'device',
          entityId: 'AUD2',
          before: { groupIds: [] },
          after: { groupIds: [id], queued: 0 },
        }),
      ])
    })

    it('a command: queued (one row per device of a fleet) and cancelled, with before and after', async () => {
      await addDevice(server, 'AUD3')
      await addDevice(server, 'AUD4')
      const [queued] = await recorded(() =>
        call(server, 'POST', '/api/devices/AUD3/commands', { type: 'info' }),
      )
      expect(queued).toMatchObject({
        action: 'command.create',
        entity: 'command',
        before: null,
        after: { sn: 'AUD3', type: 'info', text: 'INFO', status: 'queued' },
      })
      const id = queued?.entityId
      const [cancelled] = await recorded(() => call(server, 'POST', `/api/commands/${id}/cancel`))
      expect(cancelled).toMatchObject({
        action: 'command.cancel',
        entityId: id,
        before: { status: 'queued', reason: null },
        after: { status: 'failed', reason: 'cancelled' },
      })
      const fleet = await recorded(() =>
        call(server, 'POST', '/api/commands', { type: 'check', all: true }),
      )
      expect(fleet.map((r) => [r.action, r.after?.sn, r.after?.text])).toEqual(
        expect.arrayContaining([
          ['command.create', 'AUD3', 'CHECK'],
          ['command.create', 'AUD4', 'CHECK'],
        ]),
      )
      expect(fleet.every((r) => r.action === 'command.create')).toBe(true)
    })

    it('a webhook: created, changed and deleted, with before and after and never its secret', async () => {
      const created = await recorded(() =>
        call(server, 'POST', '/api/webhooks', {
          url: 'http://127.0.0.1:9/hook',
          events: ['punch'],
        }),
      )
      expect(created).toEqual([
        expect.objectContaining({
          action: 'webhook.create',
          entity: 'webhook',
          before: null,
          after: expect.objectContaining({ url: 'http://127.0.0.1:9/hook', events: ['punch'] }),
        }),
      ])
      const id = created[0]?.entityId
      const [changed] = await recorded(() =>
        call(server, 'PATCH', `/api/webhooks/${id}`, { active: false }),
      )
      expect(changed).toMatchObject({
        action: 'webhook.update',
        before: { active: true },
        after: { active: false },
      })
      const [deleted] = await recorded(() => call(server, 'DELETE', `/api/webhooks/${id}`))
      expect(deleted).toMatchObject({
        action: 'webhook.delete',
        before: { active: false },
        after: null,
      })
      const rows = JSON.stringify(
        await (await call(server, 'GET', '/api/audit?entity=webhook')).json(),
      )
      expect(rows).not.toMatch(/whsec_/)
    })

    it('an API key: revoked with its state before and after', async () => {
      const res = await call(server, 'POST', '/api/keys', { name: 'aud', scopes: ['read'] })
      const { id } = (await res.json()) as { id: number }
      const [revoked] = await recorded(() => call(server, 'DELETE', `/api/keys/${id}`))
      expect(revoked).toMatchObject({
        action: 'key.revoke',
        before: { revokedAt: null },
        after: { revokedAt: expect.any(String) },
      })
    })
  },
)
