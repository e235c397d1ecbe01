import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { testConfig } from '../config'
import { people } from '../db/schema'
import { silentLogger } from '../logger'
import { createServices, type Services } from '../services'
import { addOperator, browserRequest, signIn } from '../testing/operator-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/test-server'

const SETUP_TIMEOUT_MS = 60_000

/** Reads server-sent events off a response body, keeping what it read past the events asked for. */
function eventReader(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  const seen: Array<{ event: string; data: Record<string, unknown> }> = []
  let buffer = ''
  return {
    /** Waits until `count` events named `name` have come; returns their data. */
    async next(name: string, count: number): Promise<Array<Record<string, unknown>>> {
      for (;;) {
        const matching = seen.filter((e) => e.event === name)
        if (matching.length >= count) {
          for (const e of matching.slice(0, count)) seen.splice(seen.indexOf(e), 1)
          return matching.slice(0, count).map((e) => e.data)
        }
        const { value, done } = await reader.read()
        if (done) throw new Error('the stream ended')
        buffer += decoder.decode(value, { stream: true })
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (event && data) seen.push({ event, data: JSON.parse(data) as Record<string, unknown> })
        }
      }
    },
    close: () => reader.cancel(),
  }
}

const ATTLOG = (pin: string, time: string) => `${pin}\t${time}\t0\t1\t0\t0\t0\n`

describe.each(testDbKinds())('GET /api/events on %s', (kind) => {
  let server: TestServer
  let other: Services | undefined

  afterEach(async () => {
    await other?.stop()
    other = undefined
    await server.close()
  })

  it(
    'streams a punch a terminal uploads, named, once the stream said ready',
    async () => {
      server = await createTestServer(kind, { defaultTimeZone: 'UTC' })
      await server.services.start()
      await server.services.db.insert(people).values({ pin: '7', name: 'Ana Ruiz' })
      const stream = await server.request('/api/events')
      expect(stream.status).toBe(200)
      expect(stream.headers.get('content-type')).toContain('text/event-stream')
      const events = eventReader(stream)
      await events.next('ready', 1)
      const upload = await server.request('/iclock/cdata?SN=DEV1&table=ATTLOG', {
        method: 'POST',
        body: ATTLOG('7', '2026-03-02 08:01:00'),
      })
      expect(await upload.text()).toBe('OK:1')
      const [punch] = await events.next('punch', 1)
      await events.close()
      expect(punch).toMatchObject({
        sn: 'DEV1',
        pin: '7',
        personName: 'Ana Ruiz',
        localTime: '2026-03-02 08:01:00',
        state: 'check-in',
      })
    },
    SETUP_TIMEOUT_MS,
  )

  it(
    'reaches a stream held by another server process on the same database',
    async () => {
      server = await createTestServer(kind, { defaultTimeZone: 'UTC' })
      await server.services.start()
      // A second set of services on the same database: what another process behind the balancer holds.
      other = await createServices({
        database: server.database,
        config: testConfig({ adminToken: TEST_ADMIN_TOKEN, admission: 'open' }),
        log: silentLogger,
      })
      await other.start()
      const otherApp = createApp(other)
      const stream = await otherApp.handle(
        new Request('http://localhost/api/events', {
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        }),
      )
      const events = eventReader(stream)
      await events.next('ready', 1)
      await server.request('/iclock/cdata?SN=DEV2&table=ATTLOG', {
        method: 'POST',
        body: ATTLOG('8', '2026-03-02 09:00:00') + ATTLOG('9', '2026-03-02 09:00:05'),
      })
      const punches = await events.next('punch', 2)
      await events.close()
      expect(punches.map((p) => [p.pin, p.personName])).toEqual([
        ['8', null],
        ['9', null],
      ])
    },
    SETUP_TIMEOUT_MS,
  )

  it(
    'is open to a viewer, and to nobody without a session',
    async () => {
      server = await createTestServer(kind)
      await addOperator(server, 'vera', 'viewer')
      const viewer = await signIn(server, 'vera')
      const stream = await viewer.request('/api/events', { csrf: false })
      expect(stream.status).toBe(200)
      await stream.body?.cancel()
      const anonymous = await browserRequest(server, '/api/events')
      expect(anonymous.status).toBe(401)
    },
    SETUP_TIMEOUT_MS,
  )
})
