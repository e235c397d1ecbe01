import { parseAttlog } from '@webroster/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { runWorker, type WorkerConfig } from './load-worker'

interface Seen {
  port: number | undefined
  path: string
  sn: string | null
  contentType: string | null
  body: string
}

let server: ReturnType<typeof Bun.serve> | undefined

function serve(reply: (seen: Seen) => string): Seen[] {
  const seen: Seen[] = []
  server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(req, srv) {
      const url = new URL(req.url)
      const s: Seen = {
        port: srv.requestIP(req)?.port,
        path: url.pathname,
        sn: url.searchParams.get('SN'),
        contentType: req.headers.get('content-type'),
        body: await req.text(),
      }
      seen.push(s)
      return new Response(reply(s))
    },
  })
  return seen
}

afterEach(async () => {
  await server?.stop(true)
  server = undefined
})

function config(overrides: Partial<WorkerConfig>): WorkerConfig {
  return {
    host: '127.0.0.1',
    port: server?.port ?? 0,
    kind: 'poll',
    firstTerminal: 10,
    terminals: 5,
    connections: 2,
    mode: 'once',
    intervalMs: 1000,
    durationMs: 10_000,
    batchLines: 1,
    baseEpoch: 1_735_689_600,
    startAt: Date.now(),
    ...overrides,
  }
}

describe('runWorker', () => {
  it('uploads distinct ATTLOG batches from each terminal, without a Content-Type', async () => {
    const seen = serve((s) => `OK:${parseAttlog(s.body).records.length}`)
    const result = await runWorker(config({ kind: 'attlog', batchLines: 3 }))
    expect(result).toMatchObject({ requests: 5, ok: 5, unexpected: 0, errors: 0 })
    expect(seen.map((s) => s.sn).sort()).toEqual([
      'BENCH000010',
      'BENCH000011',
      'BENCH000012',
      'BENCH000013',
      'BENCH000014',
    ])
    expect(seen.every((s) => s.path === '/iclock/cdata' && s.contentType === null)).toBe(true)
    expect(seen.every((s) => parseAttlog(s.body).records.length === 3)).toBe(true)
  })

  it('counts replies a terminal would not accept, and keeps one as a sample', async () => {
    serve((s) => (s.sn === 'BENCH000012' ? 'ERROR: nope' : 'OK'))
    const result = await runWorker(config({ kind: 'poll' }))
    expect(result).toMatchObject({ requests: 5, ok: 4, unexpected: 1 })
    expect(result.unexpectedSample).toBe('200 ERROR: nope')
  })

  it('records one latency per reply and keeps polling back to back until the window closes', async () => {
    const seen = serve(() => 'OK')
    const result = await runWorker(config({ mode: 'closed', durationMs: 300 }))
    expect(result.requests).toBe(seen.length)
    expect(result.requests).toBeGreaterThan(5)
    const counts = Object.values(result.latency.counts).reduce((a, b) => a + b, 0)
    expect(counts).toBe(result.requests)
    expect(new Set(seen.map((s) => s.sn)).size).toBe(5)
  })

  it('paces every terminal on its own kept-alive connection', async () => {
    const seen = serve(() => 'OK')
    const result = await runWorker(
      config({ mode: 'paced', terminals: 4, connections: 2, intervalMs: 100, durationMs: 250 }),
    )
    expect(result.requests).toBe(seen.length)
    expect(result.requests).toBeGreaterThanOrEqual(8)
    expect(new Set(seen.map((s) => s.sn)).size).toBe(4)
    expect(new Set(seen.map((s) => s.port)).size).toBe(2)
    // terminals 0 and 2 share connection 0: one port per pair
    const portOf = (sn: string) => new Set(seen.filter((s) => s.sn === sn).map((s) => s.port))
    expect(portOf('BENCH000010')).toEqual(portOf('BENCH000012'))
    expect(result.errors).toBe(0)
  })

  it('reports socket errors when nothing listens', async () => {
    serve(() => 'OK')
    const port = server?.port ?? 0
    await server?.stop(true)
    server = undefined
    const result = await runWorker(config({ port, terminals: 2, connections: 1 }))
    expect(result.ok).toBe(0)
    expect(result.errors).toBe(2)
  })

  it('sends a handshake again when its reply was not the option block, as firmware does, and counts the re-sends', async () => {
    const answered = new Map<string, number>()
    const seen = serve((s) => {
      const n = (answered.get(s.sn ?? '') ?? 0) + 1
      answered.set(s.sn ?? '', n)
      // the server answers a plain `OK` when its database watchdog gives up on the request
      if (s.sn === 'BENCH000012' && n < 3) return 'OK'
      return `GET OPTION FROM: ${s.sn}\nDelay=10`
    })
    const result = await runWorker(config({ kind: 'handshake', retries: 3 }))
    expect(result).toMatchObject({ requests: 7, ok: 5, unexpected: 2, resent: 2, errors: 0 })
    expect(result.unexpectedSample).toBe('200 OK')
    expect(seen.filter((s) => s.sn === 'BENCH000012')).toHaveLength(3)
    // without re-sends a terminal is tried once
    answered.clear()
    const once = await runWorker(config({ kind: 'handshake' }))
    expect(once).toMatchObject({ requests: 5, ok: 4, unexpected: 1, resent: 0 })
  })

  it('gives up on a terminal after its re-sends', async () => {
    serve((s) => (s.sn === 'BENCH000011' ? 'OK' : `GET OPTION FROM: ${s.sn}`))
    const result = await runWorker(config({ kind: 'handshake', retries: 2 }))
    expect(result).toMatchObject({ requests: 7, ok: 4, unexpected: 3, resent: 2 })
  })
})
