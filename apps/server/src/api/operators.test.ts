import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditLog, operators } from '../db/schema'
import { createLogger } from '../logger'
import { addDevice, apiKeyWith } from '../testing/api-fixtures'
import { addOperator, PASSWORD, signIn, signInRequest } from '../testing/operator-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SETUP_TIMEOUT_MS = 60_000

interface AuditRow {
  id: number
  actor: string
  action: string
  entity: string
  entityId: string
  before: unknown
  after: unknown
}

describe.each(testDbKinds())('operators on %s', (kind) => {
  let server: TestServer
  const json = (method: string, body: unknown) => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  beforeEach(async () => {
    server = await createTestServer(kind)
  }, SETUP_TIMEOUT_MS)
  afterEach(async () => {
    await server.close()
  })

  it('keeps a manager to attendance work and a viewer to reading it', async () => {
    await addOperator(server, 'manager', 'manager')
    await addOperator(server, 'viewer', 'viewer')
    const manager = await signIn(server, 'manager')
    const viewer = await signIn(server, 'viewer')
    const person = JSON.stringify({ pin: '5', name: 'Eva' })
    expect((await manager.request('/api/people', { method: 'POST', body: person })).status).toBe(
      201,
    )
    expect((await manager.request('/api/people')).status).toBe(200)
    expect((await manager.request('/api/groups')).status).toBe(200)
    expect((await manager.request('/api/attendance')).status).toBe(200)
    for (const path of [
      '/api/devices',
      '/api/keys',
      '/api/webhooks',
      '/api/operators',
      '/api/audit',
    ]) {
      expect([path, (await manager.request(path)).status]).toEqual([path, 403])
    }
    const command = JSON.stringify({ command: 'reboot' })
    const sent = await manager.request('/api/devices/SN1/commands', {
      method: 'POST',
      body: command,
    })
    expect(sent.status).toBe(403)
    expect((await viewer.request('/api/people/5')).status).toBe(200)
    expect((await viewer.request('/api/attendance')).status).toBe(200)
    const write = await viewer.request('/api/people', {
      method: 'POST',
      body: JSON.stringify({ pin: '6', name: 'Ivo' }),
    })
    expect(write.status).toBe(403)
    expect(await write.json()).toMatchObject({ error: 'forbidden' })
    expect((await viewer.request('/api/devices')).status).toBe(403)
    // Template data is biometric: a viewer sees that templates exist, never their data.
    expect((await viewer.request('/api/people/5/credentials')).status).toBe(200)
    const templates = '/api/people/5/credentials?include=template'
    expect((await viewer.request(templates)).status).toBe(403)
    expect((await manager.request(templates)).status).toBe(200)
    expect((await viewer.request('/api/session', { method: 'DELETE' })).status).toBe(204)
  })

  it('lets an admin operator manage operators: role, disable, reset password', async () => {
    await addOperator(server, 'boss', 'admin')
    const boss = await signIn(server, 'boss')
    const made = await boss.request('/api/operators', {
      method: 'POST',
      body: JSON.stringify({ username: 'Ana', role: 'viewer', password: PASSWORD }),
    })
    expect(made.status).toBe(201)
    const ana = (await made.json()) as { id: number }
    const taken = await boss.request('/api/operators', {
      method: 'POST',
      body: JSON.stringify({ username: 'ANA', role: 'viewer', password: PASSWORD }),
    })
    expect(taken.status).toBe(409)
    const anaSession = await signIn(server, 'ana')
    const promoted = await boss.request(`/api/operators/${ana.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ role: 'manager' }),
    })
    expect(await promoted.json()).toMatchObject({ role: 'manager' })
    // A role change applies to the session already open.
    expect(
      (await anaSession.request('/api/people', { method: 'POST', body: '{"pin":"1","name":"A"}' }))
        .status,
    ).toBe(201)
    const reset = await boss.request(`/api/operators/${ana.id}/password`, {
      method: 'PUT',
      body: JSON.stringify({ password: 'reset by the office' }),
    })
    expect(reset.status).toBe(204)
    expect((await anaSession.request('/api/session')).status).toBe(401)
    expect((await signInRequest(server, 'ana', PASSWORD)).status).toBe(401)
    const again = await signIn(server, 'ana', 'reset by the office')
    await boss.request(`/api/operators/${ana.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ disabled: true }),
    })
    expect((await again.request('/api/session')).status).toBe(401)
    expect((await signInRequest(server, 'ana', 'reset by the office')).status).toBe(401)
    const list = (await (await boss.request('/api/operators')).json()) as Array<{
      username: string
      disabled: boolean
    }>
    expect(list.map((o) => [o.username, o.disabled])).toEqual([
      ['ana', true],
      ['boss', false],
    ])
  })

  it('keeps the last active admin operator', async () => {
    const id = await addOperator(server, 'boss', 'admin')
    expect(
      (await server.request(`/api/operators/${id}`, json('PATCH', { role: 'viewer' }))).status,
    ).toBe(409)
    expect(
      (await server.request(`/api/operators/${id}`, json('PATCH', { disabled: true }))).status,
    ).toBe(409)
    await addOperator(server, 'deputy', 'admin')
    expect(
      (await server.request(`/api/operators/${id}`, json('PATCH', { role: 'viewer' }))).status,
    ).toBe(200)
  })

  it('records every change with who, before and after, listed newest first with a cursor', async () => {
    const id = await addOperator(server, 'ana', 'viewer')
    await server.request(`/api/operators/${id}`, json('PATCH', { role: 'manager' }))
    const key = (await (
      await server.request('/api/keys', json('POST', { name: 'payroll', scopes: ['read'] }))
    ).json()) as { id: number }
    await server.request(`/api/keys/${key.id}`, { method: 'DELETE' })
    const ana = await signIn(server, 'ana')
    await ana.request('/api/session', { method: 'DELETE' })

    const first = (await (await server.request('/api/audit?limit=3')).json()) as {
      items: AuditRow[]
      nextCursor: string | null
    }
    expect(first.items.map((r) => r.action)).toEqual(['session.end', 'session.start', 'key.revoke'])
    expect(first.items[0]?.actor).toBe('operator:ana')
    expect(first.nextCursor).not.toBeNull()
    const rest = (await (
      await server.request(`/api/audit?limit=3&cursor=${first.nextCursor}`)
    ).json()) as { items: AuditRow[]; nextCursor: string | null }
    expect(rest.items.map((r) => r.action)).toEqual([
      'key.create',
      'operator.update',
      'operator.create',
    ])
    expect(rest.nextCursor).toBeNull()
    const update = rest.items[1]
    expect(update).toMatchObject({
      actor: 'admin',
      entity: 'operator',
      entityId: String(id),
      before: { username: 'ana', role: 'viewer' },
      after: { username: 'ana', role: 'manager' },
    })
    const byEntity = (await (
      await server.request(`/api/audit?entity=operator&entityId=${id}`)
    ).json()) as { items: AuditRow[] }
    expect(byEntity.items.map((r) => r.action)).toEqual(['operator.update', 'operator.create'])
    // Only the `admin` scope reads the log.
    const reader = await apiKeyWith(server, ['read', 'write'])
    const refused = await server.request('/api/audit', {
      headers: { authorization: `Bearer ${reader}` },
    })
    expect(refused.status).toBe(403)
  })

  it('records every other write as its request, with the reply as after and secrets redacted', async () => {
    await addOperator(server, 'ana', 'manager')
    const ana = await signIn(server, 'ana')
    await ana.request('/api/groups', {
      method: 'POST',
      body: JSON.stringify({ name: 'Front' }),
    })
    // Refused writes change nothing and are not recorded.
    await ana.request('/api/groups', { method: 'POST', body: JSON.stringify({ name: '' }) })
    await ana.request('/api/devices/SN1/approve', { method: 'POST' })
    await server.request('/api/devices', { method: 'GET' })
    await addDevice(server, 'SN9')
    const token = await server.request('/api/devices/SN9/token', { method: 'POST' })
    expect(token.status).toBe(201)
    const list = async () =>
      ((await (await server.request('/api/audit?entity=groups')).json()) as { items: AuditRow[] })
        .items
    expect(await list()).toEqual([
      expect.objectContaining({
        actor: 'operator:ana',
        action: 'POST /api/groups',
        entity: 'groups',
        entityId: '',
        after: expect.objectContaining({ name: 'Front' }),
      }),
    ])
    const all = (await (await server.request('/api/audit')).json()) as { items: AuditRow[] }
    expect(all.items.map((r) => r.action)).toEqual([
      'device.token',
      'POST /api/groups',
      'session.start',
      'operator.create',
    ])
    const { token: secret } = (await token.json()) as { token: string }
    expect(JSON.stringify(all)).not.toContain(secret)
    expect(all.items[0]).toMatchObject({ entity: 'device', entityId: 'SN9' })
    expect(all.items[0]?.after).toMatchObject({ sn: 'SN9', hasToken: true })
  })

  it('never puts a password, its hash or a session secret in a reply, an audit row or a log line', async () => {
    const lines: string[] = []
    // Every module takes its logger when the server is built: build one that records.
    await server.close()
    server = await createTestServer(kind, {}, undefined, {
      log: createLogger('debug', (line) => lines.push(line)),
    })
    const id = await addOperator(server, 'ana', 'admin')
    const ana = await signIn(server, 'ana')
    const replies: string[] = []
    const keep = async (res: Promise<Response>) => {
      const r = await res
      replies.push(await r.text())
    }
    await keep(ana.request('/api/session'))
    await keep(ana.request('/api/operators'))
    await keep(ana.request(`/api/operators/${id}`))
    await keep(signInRequest(server, 'ana', 'a wrong guess here'))
    await keep(
      ana.request(`/api/operators/${id}/password`, {
        method: 'PUT',
        body: JSON.stringify({ password: 'the second password' }),
      }),
    )
    await keep(ana.request('/api/audit'))
    const [row] = await server.services.db.select().from(operators)
    const audit = await server.services.db.select().from(auditLog)
    const secret = ana.cookie.split('=')[1] ?? ''
    const secrets = [
      PASSWORD,
      'the second password',
      'a wrong guess here',
      row?.passwordHash ?? '',
      secret,
    ]
    const everything = [...replies, ...lines, JSON.stringify(audit)].join('\n')
    for (const s of secrets) {
      expect(s.length).toBeGreaterThan(8)
      expect(everything).not.toContain(s)
    }
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/)
    expect(lines.some((l) => l.includes('signed in'))).toBe(true)
    expect(lines.some((l) => l.includes('sign-in failed'))).toBe(true)
  })
})
