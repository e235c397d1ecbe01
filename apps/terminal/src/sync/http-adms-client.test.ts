import { describe, expect, it } from 'vitest'
import { AdmsTransportError } from './adms-client'
import { createHttpAdmsClient } from './http-adms-client'
import { FakeAdmsServer } from './testing/fake-adms-server'

const make = (server: FakeAdmsServer, timeoutMs = 500) =>
  createHttpAdmsClient({
    serverUrl: 'http://adms.test/',
    sn: 'SN 1',
    timeoutMs,
    version: '2.0.0',
    fetch: server.fetch,
  })

describe('HTTP ADMS client', () => {
  it('handshakes as a 2.4.1 attendance terminal and surfaces the Date header', async () => {
    const server = new FakeAdmsServer()
    const reply = await make(server).handshake()
    const req = server.requests[0]
    expect(req?.path).toBe('/iclock/cdata')
    expect(Object.fromEntries(req?.query ?? [])).toEqual({
      SN: 'SN 1',
      options: 'all',
      pushver: '2.4.1',
      language: '69',
      DeviceType: 'att',
      PushOptionsFlag: '1',
    })
    expect(req?.headers.get('user-agent')).toBe('Webroster-Terminal/2.0.0')
    expect(reply.date).toBe(server.date.toUTCString())
    expect(reply.body).toMatch(/^GET OPTION FROM: SN 1\n/)
  })

  it('posts uploads without a Content-Type, as firmware does', async () => {
    const server = new FakeAdmsServer()
    let contentType: string | null = 'unset'
    const client = createHttpAdmsClient({
      serverUrl: 'http://adms.test',
      sn: 'A',
      timeoutMs: 500,
      version: '1',
      fetch: (input, init) => {
        contentType = new Request(input, init).headers.get('content-type')
        return server.fetch(input, init)
      },
    })
    const reply = await client.upload('ATTLOG', '1\t2025-05-20 08:00:00\t0\t4\t0\t0\t0\n', '9999')
    expect(reply.body).toBe('OK:1')
    expect(contentType).toBeNull()
  })

  it('URL-encodes telemetry (spaces, %, commas)', async () => {
    const server = new FakeAdmsServer()
    let raw = ''
    const client = createHttpAdmsClient({
      serverUrl: 'http://adms.test',
      sn: 'A',
      timeoutMs: 500,
      version: '1',
      fetch: (input, init) => {
        raw = input
        return server.fetch(input, init)
      },
    })
    await client.getRequest({ INFO: 'Webroster-Terminal 1,2,0,5,10.0.0.2', disk: '40%' })
    expect(raw).not.toMatch(/[ ,]|%(?![0-9A-F]{2})/)
    expect(server.requests[0]?.query.get('INFO')).toBe('Webroster-Terminal 1,2,0,5,10.0.0.2')
    expect(server.requests[0]?.query.get('disk')).toBe('40%')
  })

  it('times out a server that never answers', async () => {
    const server = new FakeAdmsServer()
    server.hang = new Promise(() => {})
    const error = await make(server, 50)
      .getRequest({})
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AdmsTransportError)
    expect((error as AdmsTransportError).timedOut).toBe(true)
  })

  it('reports an unreachable server as a transport error, not a timeout', async () => {
    const client = createHttpAdmsClient({
      serverUrl: 'http://adms.test',
      sn: 'A',
      timeoutMs: 500,
      version: '1',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    })
    const error = await client.handshake().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AdmsTransportError)
    expect((error as AdmsTransportError).timedOut).toBe(false)
  })

  it('uploads the log as multipart file + sn', async () => {
    const server = new FakeAdmsServer()
    await make(server).uploadLog('terminal-2025-05-20.log', new TextEncoder().encode('line\n'))
    expect(server.logs).toEqual([{ name: 'terminal-2025-05-20.log', sn: 'SN 1', text: 'line\n' }])
  })
})
