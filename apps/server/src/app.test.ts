import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDbKinds } from './testing/test-databases'
import { createTestServer, type TestServer } from './testing/test-server'

describe.each(testDbKinds())('app on %s', (kind) => {
  let server: TestServer
  beforeEach(async () => {
    server = await createTestServer(kind)
  })
  afterEach(async () => {
    await server.close()
  })

  it('reports health without auth', async () => {
    const res = await server.app.handle(new Request('http://localhost/healthz'))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok', driver: kind })
  })

  it('refuses /api without a valid bearer token', async () => {
    const none = await server.app.handle(new Request('http://localhost/api/whoami'))
    expect(none.status).toBe(401)
    const wrong = await server.request('/api/whoami', {
      headers: { authorization: 'Bearer not-the-token' },
    })
    expect(wrong.status).toBe(401)
    const ok = await server.request('/api/whoami')
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ kind: 'admin' })
  })

  it('serves the OpenAPI document', async () => {
    const res = await server.app.handle(new Request('http://localhost/api/openapi.json'))
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> }
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toContain('/api/whoami')
  })
})
