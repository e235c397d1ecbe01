import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../store/store'
import { AdmsTransportError } from './adms-client'
import { createHttpAdmsClient } from './http-adms-client'
import { FakeAdmsServer } from './testing/fake-adms-server'
import { UploadRefusedError } from './upload-reply'
import { Uploader } from './uploader'

let store: Store
let server: FakeAdmsServer
let uploader: Uploader

const punch = (pin: string, minute: number) => ({
  pin,
  time: `2025-05-20 08:${String(minute).padStart(2, '0')}:00`,
  status: 0,
  verify: 4,
})

beforeEach(() => {
  store = openStore(':memory:')
  server = new FakeAdmsServer()
  const client = createHttpAdmsClient({
    serverUrl: 'http://adms.test',
    sn: 'TEST0001',
    timeoutMs: 200,
    version: '1.2.3',
    fetch: server.fetch,
  })
  uploader = new Uploader({ store, client, batchCap: 3 })
})
afterEach(() => store.close())

describe('Uploader', () => {
  it('marks exactly the accepted batch sent, once, in batches of the cap', async () => {
    store.addPunches([1, 2, 3, 4, 5].map((m) => punch(String(m), m)))
    expect(await uploader.flush()).toEqual({ punches: 5, oplog: 0 })
    expect(server.count('/iclock/cdata', 'POST')).toBe(2)
    expect(server.punches.map((p) => p.pin)).toEqual(['1', '2', '3', '4', '5'])
    expect(store.countUnsentPunches()).toBe(0)
    // The second batch carries the stamp of the first accepted one.
    const stamps = server.requests.map((r) => r.query.get('Stamp'))
    expect(stamps).toEqual(['9999', '3'])
    expect(await uploader.flush()).toEqual({ punches: 0, oplog: 0 })
    expect(server.count('/iclock/cdata', 'POST')).toBe(2)
  })

  it.each([
    ['an ERROR reply', { body: 'ERROR: 2' }],
    ['a PENDING reply', { body: 'PENDING' }],
    ['a partial count', { body: 'OK:1' }],
    ['an HTTP error', { status: 500, body: 'OK:2' }],
  ])('keeps every punch on %s', async (_name, reply) => {
    store.addPunches([punch('1', 1), punch('2', 2)])
    server.upload = () => reply
    await expect(uploader.flush()).rejects.toBeInstanceOf(UploadRefusedError)
    expect(store.countUnsentPunches()).toBe(2)
    server.upload = undefined
    await uploader.flush()
    expect(store.countUnsentPunches()).toBe(0)
    expect(server.punches).toHaveLength(2)
  })

  it('accepts a plain OK for the whole body, as real ZK servers send', async () => {
    store.addPunch(punch('1', 1))
    server.upload = () => ({ body: 'OK' })
    await uploader.flush()
    expect(store.countUnsentPunches()).toBe(0)
  })

  it('keeps punches when the server never answers', async () => {
    store.addPunch(punch('1', 1))
    server.hang = new Promise(() => {})
    const error = await uploader.flush().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AdmsTransportError)
    expect((error as AdmsTransportError).timedOut).toBe(true)
    expect(store.countUnsentPunches()).toBe(1)
  })

  it('never has two uploads in flight and sends no punch twice', async () => {
    store.addPunches([punch('1', 1), punch('2', 2)])
    let inFlight = 0
    let most = 0
    const inner = server.fetch
    const client = createHttpAdmsClient({
      serverUrl: 'http://adms.test',
      sn: 'TEST0001',
      timeoutMs: 1000,
      version: '1',
      fetch: async (input, init) => {
        most = Math.max(most, ++inFlight)
        await new Promise((r) => setTimeout(r, 5))
        try {
          return await inner(input, init)
        } finally {
          inFlight--
        }
      },
    })
    const up = new Uploader({ store, client, batchCap: 10 })
    const first = up.flush()
    store.addPunch(punch('3', 3))
    await Promise.all([first, up.flush(), up.flush(), up.uploadPunches(store.unsentPunches(1))])
    expect(most).toBe(1)
    expect(server.punches.map((p) => p.pin).sort()).toEqual(['1', '2', '3'])
    const attlogLines = server.requests
      .filter((r) => r.query.get('table') === 'ATTLOG')
      .flatMap((r) => r.body.split('\n').filter((l) => l !== ''))
    // pins 1 and 2 once each by flush; the explicit query re-upload of pin 1 is the only repeat.
    expect(attlogLines.filter((l) => l.startsWith('2\t'))).toHaveLength(1)
    expect(store.countUnsentPunches()).toBe(0)
  })

  it('uploads the op-log outbox as OPERLOG and marks it sent', async () => {
    store.addOplog('OPLOG', 'OPLOG 2\t0\t2025-05-20 08:00:00\t7\t0\t0\t0')
    store.addOplog('FP', 'FP PIN=4\tFID=0\tSize=4\tValid=1\tTMP=AAAA')
    expect(await uploader.flush()).toEqual({ punches: 0, oplog: 2 })
    expect(server.operlog.map((r) => r.kind)).toEqual(['OPLOG', 'FP'])
    expect(store.countUnsentOplog()).toBe(0)
  })
})
