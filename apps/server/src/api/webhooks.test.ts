import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { webhookDeliveries, webhooks } from '../db/schema'
import { testDbKinds } from '../db/test-databases'
import { createTestServer, type TestServer } from '../test-server'
import { startReceiver } from '../webhooks/test-receiver'

const SETUP_TIMEOUT_MS = 60_000

describe.each(testDbKinds())('webhook routes on %s', (kind) => {
  let server: TestServer
  const json = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

  // The first database in a worker migrates PGlite from scratch: slow on a busy machine.
  beforeEach(async () => {
    server = await createTestServer(kind)
  }, SETUP_TIMEOUT_MS)
  afterEach(async () => {
    await server.close()
  })

  it('creates, lists, changes and deletes webhooks; the secret is shown once', async () => {
    const res = await server.request(
      '/api/webhooks',
      json('POST', { url: 'https://example.test/hook', events: ['punch', 'device-offline'] }),
    )
    expect(res.status).toBe(201)
    const made = (await res.json()) as { id: number; secret: string; active: boolean }
    expect(made.secret).toMatch(/^whsec_/)
    expect(made.active).toBe(true)
    const given = await server.request(
      '/api/webhooks',
      json('POST', {
        url: 'http://10.0.0.5:9000/x',
        events: ['punch'],
        secret: 'my-own-secret-123',
      }),
    )
    expect(((await given.json()) as { secret: string }).secret).toBe('my-own-secret-123')

    const list = await server.request('/api/webhooks')
    const text = await list.text()
    expect(text).not.toContain(made.secret)
    expect(JSON.parse(text)).toHaveLength(2)

    const patched = await server.request(
      `/api/webhooks/${made.id}`,
      json('PATCH', { events: ['command-result'], active: false }),
    )
    expect(await patched.json()).toMatchObject({ events: ['command-result'], active: false })

    await server.services.db.insert(webhookDeliveries).values({
      webhookId: made.id,
      event: 'command-result',
      payload: { id: 'C1' },
    })
    const deliveries = await server.request(`/api/webhooks/${made.id}/deliveries?status=pending`)
    expect(await deliveries.json()).toEqual([
      expect.objectContaining({ event: 'command-result', status: 'pending', attempts: 0 }),
    ])
    const none = await server.request(`/api/webhooks/${made.id}/deliveries?status=failed`)
    expect(await none.json()).toEqual([])

    expect((await server.request(`/api/webhooks/${made.id}`, { method: 'DELETE' })).status).toBe(
      204,
    )
    expect(await server.services.db.select().from(webhookDeliveries)).toHaveLength(0)
    expect(await server.services.db.select().from(webhooks)).toHaveLength(1)
    expect((await server.request(`/api/webhooks/${made.id}`, { method: 'DELETE' })).status).toBe(
      404,
    )
    expect((await server.request(`/api/webhooks/${made.id}/deliveries`)).status).toBe(404)
  })

  it('refuses bad input with 400', async () => {
    const bad = [
      { url: 'ftp://example.test/x', events: ['punch'] },
      { url: 'not a url', events: ['punch'] },
      { url: 'https://example.test', events: [] },
      { url: 'https://example.test', events: ['reboot'] },
      { url: 'https://example.test', events: ['punch'], secret: 'short' },
      { events: ['punch'] },
    ]
    for (const body of bad) {
      const res = await server.request('/api/webhooks', json('POST', body))
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(await res.json()).toMatchObject({ error: 'invalid_request' })
    }
    expect((await server.request('/api/webhooks/x/deliveries')).status).toBe(400)
    expect((await server.request('/api/webhooks/1/deliveries?status=odd')).status).toBe(400)
  })

  it('sends a signed test event and reports what the receiver answered', async () => {
    let secret = ''
    let answer = 200
    const receiver = startReceiver(
      () => secret,
      () => answer,
    )
    try {
      const res = await server.request(
        '/api/webhooks',
        json('POST', { url: receiver.url, events: ['punch'] }),
      )
      const made = (await res.json()) as { id: number; secret: string }
      secret = made.secret
      const ok = await server.request(`/api/webhooks/${made.id}/test`, { method: 'POST' })
      expect(await ok.json()).toEqual({ delivered: true, status: 200, error: null })
      expect(receiver.received[0]).toMatchObject({ verified: true, json: { event: 'test' } })
      answer = 410
      const gone = await server.request(`/api/webhooks/${made.id}/test`, { method: 'POST' })
      expect(await gone.json()).toEqual({ delivered: false, status: 410, error: 'HTTP 410' })
    } finally {
      await receiver.stop()
    }
  })

  it('lists these routes in the OpenAPI document and serves the docs page', async () => {
    const res = await server.app.handle(new Request('http://localhost/api/openapi.json'))
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { summary?: string }>>
    }
    for (const [path, method] of [
      ['/api/webhooks', 'post'],
      ['/api/webhooks', 'get'],
      ['/api/webhooks/{id}', 'patch'],
      ['/api/webhooks/{id}', 'delete'],
      ['/api/webhooks/{id}/deliveries', 'get'],
      ['/api/webhooks/{id}/test', 'post'],
      ['/api/attendance/export', 'get'],
      ['/api/attendance', 'post'],
      ['/api/keys', 'post'],
      ['/api/keys', 'get'],
      ['/api/keys/{id}', 'delete'],
    ] as const) {
      const op = doc.paths[path]?.[method] ?? doc.paths[`${path}/`]?.[method]
      expect(op?.summary, `${method} ${path}`).toBeTruthy()
    }
    const page = await server.app.handle(new Request('http://localhost/api/docs'))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
  })
})
