import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { apiKeys } from '../db/schema'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SETUP_TIMEOUT_MS = 60_000

describe.each(testDbKinds())('API keys on %s', (kind) => {
  let server: TestServer
  const create = (body: unknown, authorization?: string) =>
    server.request('/api/keys', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization ? { authorization } : {}),
      },
      body: JSON.stringify(body),
    })

  // The first database in a worker migrates PGlite from scratch: slow on a busy machine.
  beforeEach(async () => {
    server = await createTestServer(kind)
  }, SETUP_TIMEOUT_MS)
  afterEach(async () => {
    await server.close()
  })

  it('returns a key once, stores only its hash, and lists keys without secrets', async () => {
    const res = await create({ name: 'payroll', scopes: ['read'] })
    expect(res.status).toBe(201)
    const made = (await res.json()) as { id: number; key: string; scopes: string[] }
    expect(made.key).toMatch(/^wr_key_/)
    expect(made.scopes).toEqual(['read'])
    const [row] = await server.services.db.select().from(apiKeys)
    expect(row?.keyHash).not.toContain(made.key)
    const list = await server.request('/api/keys')
    const text = await list.text()
    expect(text).not.toContain(made.key)
    expect(JSON.parse(text)).toEqual([expect.objectContaining({ id: made.id, name: 'payroll' })])
  })

  it('enforces the scopes of a key and refuses it once revoked', async () => {
    const reader = (await (await create({ name: 'r', scopes: ['read'] })).json()) as {
      id: number
      key: string
    }
    const writer = (await (await create({ name: 'w', scopes: ['write'] })).json()) as {
      key: string
      scopes: string[]
    }
    expect(writer.scopes).toEqual(['read', 'write'])
    const as = (key: string, path: string, init: RequestInit = {}) =>
      server.request(path, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${key}` },
      })
    expect((await as(reader.key, '/api/whoami')).status).toBe(200)
    const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }
    expect((await as(reader.key, '/api/attendance', post)).status).toBe(403)
    // Only the admin token manages keys, even for a key with `write`.
    expect((await as(writer.key, '/api/keys')).status).toBe(403)
    expect((await as(writer.key, '/api/keys', post)).status).toBe(403)
    const revoke = await server.request(`/api/keys/${reader.id}`, { method: 'DELETE' })
    expect(revoke.status).toBe(204)
    expect((await as(reader.key, '/api/whoami')).status).toBe(401)
    const listed = (await (await server.request('/api/keys')).json()) as Array<{
      id: number
      revokedAt: string | null
    }>
    expect(listed.find((k) => k.id === reader.id)?.revokedAt).toBeTruthy()
  })

  it('records when a key was last used', async () => {
    const key = (await (await create({ name: 'u', scopes: ['read'] })).json()) as {
      id: number
      key: string
    }
    const lastUsed = async () => {
      const list = (await (await server.request('/api/keys')).json()) as Array<{
        id: number
        lastUsedAt: string | null
      }>
      return list.find((k) => k.id === key.id)?.lastUsedAt ?? null
    }
    expect(await lastUsed()).toBeNull()
    await server.request('/api/whoami', { headers: { authorization: `Bearer ${key.key}` } })
    let seen: string | null = null
    for (let i = 0; i < 50 && seen === null; i++) {
      seen = await lastUsed()
      if (seen === null) await new Promise((r) => setTimeout(r, 20))
    }
    expect(seen).not.toBeNull()
  })

  it('validates input and answers 404 for an unknown key', async () => {
    expect((await create({ name: '', scopes: ['read'] })).status).toBe(400)
    expect((await create({ name: 'x', scopes: [] })).status).toBe(400)
    expect((await create({ name: 'x', scopes: ['admin'] })).status).toBe(400)
    expect((await server.request('/api/keys/999', { method: 'DELETE' })).status).toBe(404)
    expect((await server.request('/api/keys/abc', { method: 'DELETE' })).status).toBe(400)
  })
})
