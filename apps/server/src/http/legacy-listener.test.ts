import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { devices, punches } from '../db/schema'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'
import { clientAddress } from './client-address'
import { type LegacyListener, startLegacyListener } from './legacy-listener'
import { RawHttpClient, rawRequest } from './raw-http-client'
import { serveApp } from './serve-app'

const INFO = 'Ver 6.39 Apr 28 2008,3,0,12,192.168.1.201,10,7,12,11,011'
const handshake = (sn: string) =>
  `GET /iclock/cdata?SN=${sn}&options=all&pushver=2.0&INFO=${INFO} HTTP/1.1\r\nHost: 192.168.1.5\r\n\r\n`

describe.each(testDbKinds())('the legacy listener in front of the app, on %s', (kind) => {
  let server: TestServer
  let legacy: LegacyListener
  let direct: ReturnType<typeof serveApp>
  beforeAll(async () => {
    server = await createTestServer(kind)
    legacy = await startLegacyListener(server.app, { port: 0, hostname: '127.0.0.1' })
    direct = serveApp(server.app, { port: 0, hostname: '127.0.0.1' })
  })
  afterAll(async () => {
    await legacy.stop()
    await direct.stop(true)
    await server.close()
  })

  it('serves a request line with raw spaces, which Bun.serve alone refuses', async () => {
    const refused = await rawRequest(direct.port ?? 0, handshake('LEG1'))
    expect(refused.status).toBe(505)
    const served = await rawRequest(legacy.port, handshake('LEG1'))
    expect(served.status).toBe(200)
    expect(served.body).toContain('GET OPTION FROM: LEG1')
    const poll = await rawRequest(
      legacy.port,
      `GET /iclock/getrequest?SN=LEG1&INFO=${INFO} HTTP/1.1\r\nHost: 192.168.1.5\r\n\r\n`,
    )
    expect(poll.body).toBe('OK')
    // The parser got the values with their spaces, as the terminal meant them.
    await server.services.presence.flush()
    const [device] = await server.services.db.select().from(devices).where(eq(devices.sn, 'LEG1'))
    expect(device?.firmware).toBe('Ver 6.39 Apr 28 2008')
  })

  it('serves an HTTP/1.0 request without Host and with raw spaces, as old eSSL units send', async () => {
    const res = await rawRequest(
      legacy.port,
      `GET /iclock/cdata?SN=LEG6&options=all&INFO=${INFO} HTTP/1.0\r\n\r\n`,
    )
    expect(res.status).toBe(200)
    expect(res.body).toContain('GET OPTION FROM: LEG6')
  })

  it('serves several keep-alive requests on one connection, a body among them', async () => {
    const client = await RawHttpClient.open(legacy.port)
    try {
      await client.send(handshake('LEG2'))
      expect((await client.read()).body).toContain('GET OPTION FROM: LEG2')
      const body = '7\t2024-01-15 09:00:00\t0\t1\t0\t0\n8\t2024-01-15 09:01:00\t0\t1\t0\t0\n'
      await client.send(
        `POST /iclock/cdata?SN=LEG2&table=ATTLOG&Stamp=1 HTTP/1.1\r\nHost: 192.168.1.5\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      )
      expect((await client.read()).body).toBe('OK:2')
      await client.send(
        `GET /iclock/getrequest?SN=LEG2&INFO=${INFO} HTTP/1.1\r\nHost: 192.168.1.5\r\n\r\n`,
        'GET /iclock/getrequest?SN=LEG2 HTTP/1.1\r\nHost: 192.168.1.5\r\n\r\n',
      )
      // and two requests in one packet
      await client.send(
        `GET /iclock/getrequest?SN=LEG2&INFO=${INFO} HTTP/1.1\r\nHost: 192.168.1.5\r\n\r\n` +
          `GET /iclock/ping?SN=LEG2&x=a b HTTP/1.1\r\nHost: 192.168.1.5\r\n\r\n`,
      )
      const polls = [
        await client.read(),
        await client.read(),
        await client.read(),
        await client.read(),
      ]
      expect(polls.map((r) => [r.status, r.body])).toEqual([
        [200, 'OK'],
        [200, 'OK'],
        [200, 'OK'],
        [200, 'OK'],
      ])
      expect(await client.closedByServer(200)).toBe(false)
    } finally {
      client.close()
    }
    const stored = await server.services.db
      .select({ pin: punches.pin })
      .from(punches)
      .where(eq(punches.sn, 'LEG2'))
    expect(stored.map((p) => p.pin).sort()).toEqual(['7', '8'])
  })

  it('reassembles a request split across TCP packets, inside the line, the headers and the body', async () => {
    const client = await RawHttpClient.open(legacy.port)
    try {
      const body = '9\t2024-01-15 10:00:00\t0\t1\t0\t0\n'
      const whole =
        `POST /iclock/cdata?SN=LEG3&table=ATTLOG&Stamp=2&INFO=${INFO} HTTP/1.1\r\n` +
        `Host: 192.168.1.5\r\nContent-Length: ${body.length}\r\n\r\n${body}`
      const cuts = [
        12,
        60,
        whole.indexOf('Content-') + 4,
        whole.indexOf('\r\n\r\n') + 2,
        whole.length - 5,
      ]
      const pieces = cuts.map((cut, i) => whole.slice(i === 0 ? 0 : cuts[i - 1], cut))
      pieces.push(whole.slice(cuts[cuts.length - 1]))
      await client.send(...pieces)
      expect((await client.read()).body).toBe('OK:1')
      // the same connection goes on after a reassembled request
      await client.send(handshake('LEG3'))
      expect((await client.read()).body).toContain('GET OPTION FROM: LEG3')
    } finally {
      client.close()
    }
  })

  it('passes a chunked body through, and the rest of its connection unread', async () => {
    const client = await RawHttpClient.open(legacy.port)
    try {
      await client.send(handshake('LEG5'))
      await client.read()
      const line = '11\t2024-01-15 11:00:00\t0\t1\t0\t0\n'
      await client.send(
        'POST /iclock/cdata?SN=LEG5&table=ATTLOG&Stamp=3 HTTP/1.1\r\nHost: 192.168.1.5\r\n' +
          `Transfer-Encoding: chunked\r\n\r\n${line.length.toString(16)}\r\n${line}\r\n0\r\n\r\n`,
      )
      expect((await client.read()).body).toBe('OK:1')
      await client.send('GET /iclock/getrequest?SN=LEG5 HTTP/1.1\r\nHost: 192.168.1.5\r\n\r\n')
      expect((await client.read()).body).toBe('OK')
    } finally {
      client.close()
    }
  })

  it('refuses a request head that never ends, without forwarding it', async () => {
    const client = await RawHttpClient.open(legacy.port)
    try {
      await client.send(`GET /iclock/getrequest?SN=LEG4&x=${'a'.repeat(70_000)}`)
      expect((await client.read()).status).toBe(431)
    } finally {
      client.close()
    }
  })
})

describe('the client address behind the legacy listener', () => {
  it('is the terminal’s, not the listener’s loopback connection', async () => {
    const legacy = await startLegacyListener(
      { fetch: (request) => new Response(clientAddress(request, null) ?? 'unknown') },
      { port: 0, hostname: '127.0.0.1' },
    )
    try {
      const client = await RawHttpClient.open(legacy.port, '127.0.0.7')
      try {
        await client.send('GET /iclock/getrequest?SN=A&INFO=a b HTTP/1.1\r\nHost: h\r\n\r\n')
        expect((await client.read()).body).toBe('127.0.0.7')
      } finally {
        client.close()
      }
    } finally {
      await legacy.stop()
    }
  })
})
