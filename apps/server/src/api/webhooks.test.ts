import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { webhookDeliveries, webhooks } from '../db/schema'
import { apiKeyWith } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'
import { startReceiver } from '../testing/webhook-receiver'
import { SEND_TIMEOUT_MS } from '../webhooks/sender'

const SETUP_TIMEOUT_MS = 60_000

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

describe.each(testDbKinds())('webhook routes on %s', (kind) => {
  let server: TestServer

  // The first database in a worker migrates PGlite from scratch: slow on a busy machine.
  beforeEach(async () => {
    // The test receiver listens on 127.0.0.1, a private address: allowed here as an operator would.
    server = await createTestServer(kind, { webhookAllowPrivate: true })
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
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      }),
    )
    expect(((await given.json()) as { secret: string }).secret).toBe(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    )

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
    expect(await deliveries.json()).toEqual({
      items: [expect.objectContaining({ event: 'command-result', status: 'pending', attempts: 0 })],
      nextCursor: null,
    })
    const none = await server.request(`/api/webhooks/${made.id}/deliveries?status=failed`)
    expect(await none.json()).toEqual({ items: [], nextCursor: null })

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
      // Not `whsec_<base64>`: no Standard Webhooks library could verify with it.
      { url: 'https://example.test', events: ['punch'], secret: 'my-own-secret-123' },
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
      expect(await gone.json()).toMatchObject({ delivered: false, status: null })
    } finally {
      await receiver.stop()
    }
  })

  it('answers every failed test delivery alike: a refused port, silence and an HTTP error', async () => {
    const closed = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
    const closedPort = closed.port
    closed.stop(true)
    // Accepts the connection and never answers: the send times out.
    const silent = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
    const failing = startReceiver(
      () => 'x',
      () => 500,
    )
    try {
      const urls = [
        `http://127.0.0.1:${closedPort}/hook`,
        `http://127.0.0.1:${silent.port}/hook`,
        failing.url,
      ]
      const answers = await Promise.all(
        urls.map(async (url) => {
          const made = (await (
            await server.request('/api/webhooks', json('POST', { url, events: ['punch'] }))
          ).json()) as { id: number }
          const started = Date.now()
          const res = await server.request(`/api/webhooks/${made.id}/test`, { method: 'POST' })
          return { status: res.status, body: await res.json(), ms: Date.now() - started }
        }),
      )
      expect(new Set(answers.map((a) => JSON.stringify([a.status, a.body]))).size).toBe(1)
      expect(answers[0]?.body).toMatchObject({ delivered: false, status: null })
      // A refused port answers no sooner than a silent one.
      for (const a of answers) expect(a.ms).toBeGreaterThanOrEqual(SEND_TIMEOUT_MS - 50)
    } finally {
      silent.stop(true)
      await failing.stop()
    }
  }, 30_000)

  it('shows credentials inside a webhook URL only to the admin token', async () => {
    const url = 'https://bob:s3cret-pass@hooks.example/in'
    const made = (await (
      await server.request('/api/webhooks', json('POST', { url, events: ['punch'] }))
    ).json()) as { id: number; url: string }
    expect(made.url).toBe(url)
    const reader = await apiKeyWith(server, ['read'])
    const writer = await apiKeyWith(server, ['read', 'write'])
    const as = (key: string, init: RequestInit = {}) => ({
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${key}` },
    })
    const readerList = await (await server.request('/api/webhooks', as(reader))).text()
    const writerPatch = await (
      await server.request(`/api/webhooks/${made.id}`, as(writer, json('PATCH', { active: true })))
    ).text()
    const writerMade = await (
      await server.request(
        '/api/webhooks',
        as(
          writer,
          json('POST', { url: 'https://ann:other-pass@hooks.example/b', events: ['punch'] }),
        ),
      )
    ).text()
    for (const text of [readerList, writerPatch, writerMade]) {
      expect(text).not.toMatch(/s3cret-pass|other-pass|bob|ann:/)
      expect(text).toContain('https://***:***@hooks.example/')
    }
    const adminList = await (await server.request('/api/webhooks')).text()
    expect(adminList).toContain(url)
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

describe.each(testDbKinds())('webhook destinations on %s', (kind) => {
  let server: TestServer
  beforeEach(async () => {
    server = await createTestServer(kind)
  }, SETUP_TIMEOUT_MS)
  afterEach(async () => {
    await server.close()
  })

  it('refuses private, loopback, link-local and metadata receivers unless the operator allows them', async () => {
    for (const url of [
      'http://127.0.0.1:9000/x',
      'http://2130706433/x',
      'http://0x7f.1/x',
      'http://0177.0.0.1/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://[fd12::1]/x',
      'http://[fe80::1]/x',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5:9000/x',
      'http://192.168.1.20/x',
      'http://localhost:8080/x',
    ]) {
      const res = await server.request('/api/webhooks', json('POST', { url, events: ['punch'] }))
      expect(res.status, url).toBe(400)
      expect(await res.json()).toMatchObject({
        error: 'invalid_request',
        message: expect.stringContaining('WEBHOOK_ALLOW_PRIVATE'),
      })
    }
    const ok = await server.request(
      '/api/webhooks',
      json('POST', { url: 'https://93.184.216.34/hook', events: ['punch'] }),
    )
    expect(ok.status).toBe(201)
    const { id } = (await ok.json()) as { id: number }
    const moved = await server.request(
      `/api/webhooks/${id}`,
      json('PATCH', { url: 'http://0x7f.1:8081/api' }),
    )
    expect(moved.status).toBe(400)
    expect(await server.services.db.select().from(webhooks)).toEqual([
      expect.objectContaining({ url: 'https://93.184.216.34/hook' }),
    ])
  })

  it('does not send a test delivery to a private receiver that got into the table', async () => {
    const receiver = startReceiver(() => 'x')
    try {
      const [row] = await server.services.db
        .insert(webhooks)
        .values({ url: receiver.url, events: ['punch'], secret: 'whsec_0123456789abcdef' })
        .returning()
      const res = await server.request(`/api/webhooks/${row?.id}/test`, { method: 'POST' })
      expect(await res.json()).toMatchObject({ delivered: false })
      expect(receiver.received).toHaveLength(0)
    } finally {
      await receiver.stop()
    }
  })
})
