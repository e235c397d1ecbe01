import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/test-server'
import { rawRequest } from './raw-http-client'
import { serveApp } from './serve-app'

describe.each(testDbKinds())('the app on a real port, on %s', (kind) => {
  let server: TestServer
  let port: number
  let stop: () => Promise<void>
  beforeEach(async () => {
    server = await createTestServer(kind)
    const listening = serveApp(server.app, { port: 0, hostname: '127.0.0.1' })
    port = listening.port ?? 0
    stop = () => listening.stop(true)
  })
  afterEach(async () => {
    await stop()
    await server.close()
  })

  const noLeak = (text: string) => {
    expect(text).not.toMatch(/\bat \S+ \(|\/src\/|\.ts\b|node_modules|stack/i)
  }

  it('serves HTTP/1.0 without Host like any request, and never shows a stack or a path', async () => {
    const poll = await rawRequest(port, 'GET /iclock/getrequest?SN=OLD10 HTTP/1.0\r\n\r\n')
    expect(poll.status).toBe(200)
    expect(poll.body).toBe('OK')
    noLeak(poll.raw)
    const hand = await rawRequest(port, 'GET /iclock/cdata?SN=OLD10&options=all HTTP/1.0\r\n\r\n')
    expect(hand.status).toBe(200)
    expect(hand.body).toContain('GET OPTION FROM: OLD10')
    const health = await rawRequest(port, 'GET /healthz HTTP/1.0\r\n\r\n')
    expect(health.status).toBe(200)
    const api = await rawRequest(
      port,
      `GET /api/whoami HTTP/1.0\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\n\r\n`,
    )
    expect(api.status).toBe(200)
    // Under /api a path no route has is a 404 (any other path is the console's, a deep link into the app).
    const missing = await rawRequest(
      port,
      `GET /api/nothing/here HTTP/1.0\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\n\r\n`,
    )
    expect(missing.status).toBe(404)
    noLeak(missing.raw)
  })

  it('serves a Host of three characters or fewer like any other', async () => {
    for (const host of ['a', 'ab', 'abc', 'abc:8081']) {
      const poll = await rawRequest(
        port,
        `GET /iclock/cdata?SN=SHORT1&options=all HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      )
      expect(poll.status, host).toBe(200)
      expect(poll.body, host).toContain('GET OPTION FROM: SHORT1')
      const api = await rawRequest(
        port,
        `GET /api/whoami HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\nConnection: close\r\n\r\n`,
      )
      expect(api.status, host).toBe(200)
    }
  })

  it('takes a body from an HTTP/1.0 request without Host', async () => {
    await rawRequest(port, 'GET /iclock/cdata?SN=OLD10&options=all HTTP/1.0\r\n\r\n')
    const body = '7\t2024-01-15 09:00:00\t0\t1\t0\t0\n'
    const res = await rawRequest(
      port,
      `POST /iclock/cdata?SN=OLD10&table=ATTLOG&Stamp=1 HTTP/1.0\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    )
    expect(res.body).toBe('OK:1')
  })
})

describe('an error that escapes the app', () => {
  it('is answered with a generic 500: no stack, no path, no source', async () => {
    const listening = serveApp(
      {
        fetch() {
          throw new Error('exploded in /srv/webroster/apps/server/src/secret.ts')
        },
      },
      { port: 0, hostname: '127.0.0.1' },
    )
    try {
      const res = await rawRequest(
        listening.port ?? 0,
        'GET /x HTTP/1.1\r\nHost: example\r\nConnection: close\r\n\r\n',
      )
      expect(res.status).toBe(500)
      expect(JSON.parse(res.body)).toEqual({ error: 'internal', message: 'internal error' })
      expect(res.raw).not.toMatch(/secret|\/srv\/|\.ts\b|at /)
    } finally {
      await listening.stop(true)
    }
  })
})
