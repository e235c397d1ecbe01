import { createLogger } from '@webroster/log'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DeviceClock } from '../clock/device-clock'
import { testConfig } from '../config/testing/test-config'
import type { Connectivity } from '../feedback/feedback'
import { openStore, type Store } from '../store/store'
import { tempDir } from '../store/testing/temp-dir'
import { type AdmsClient, AdmsTransportError } from './adms-client'
import { createHttpAdmsClient } from './http-adms-client'
import { createSyncTask, type SyncTaskOptions } from './sync-task'
import { FakeAdmsServer } from './testing/fake-adms-server'

let store: Store
let dir: ReturnType<typeof tempDir>
let controller: AbortController

const facts = {
  read: () => ({
    ip: '10.0.0.2',
    temperatureC: 48.3,
    uptimeSeconds: 3600,
    diskPercent: 40,
    memPercent: 20,
  }),
}

/** An in-memory log, so no file I/O runs outside the fake timers. */
const memoryLog = (text = '') => {
  let content = new TextEncoder().encode(text)
  return {
    name: 'terminal',
    read: async () => (content.length > 0 ? content : undefined),
    cut: async (bytes: number) => {
      content = content.slice(bytes)
    },
    append: (more: string) => {
      content = new Uint8Array([...content, ...new TextEncoder().encode(more)])
    },
  }
}

function setup(client: AdmsClient, over: Partial<SyncTaskOptions> = {}) {
  const clock = new DeviceClock({ store, timeZone: 'UTC', timeZoneExplicit: true })
  const states: Connectivity[] = []
  const task = createSyncTask({
    config: testConfig({ dataDir: dir.path, batchCap: 50 }),
    store,
    clock,
    client,
    version: '1.0.0',
    random: () => 0.5,
    probe: facts,
    onConnectivity: (s) => states.push(s),
    requestReboot: () => {},
    logSource: memoryLog(),
    ...over,
  })
  const done = task.run(controller.signal)
  return { task, clock, states, done }
}

const httpClient = (server: FakeAdmsServer) =>
  createHttpAdmsClient({
    serverUrl: 'http://adms.test',
    sn: 'TEST0001',
    timeoutMs: 1000,
    version: '1.0.0',
    fetch: server.fetch,
  })

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-05-20T12:00:00Z') })
  dir = tempDir('webroster-sync-')
  store = openStore(':memory:')
  controller = new AbortController()
})
afterEach(() => {
  controller.abort()
  vi.useRealTimers()
  store.close()
  dir.remove()
})

describe('sync task', () => {
  it('backs off exponentially with jitter from ErrorDelay, capped, while the server is unreachable', async () => {
    const attempts: number[] = []
    const client: AdmsClient = {
      handshake: async () => {
        attempts.push(Date.now())
        throw new AdmsTransportError('connect ECONNREFUSED', false)
      },
      upload: () => Promise.reject(new Error('unused')),
      getRequest: () => Promise.reject(new Error('unused')),
      postResults: () => Promise.reject(new Error('unused')),
      uploadLog: () => Promise.reject(new Error('unused')),
    }
    store.setOption('adms.ErrorDelay', '30')
    const { states, done } = setup(client, { maxBackoffMs: 300_000 })
    await vi.advanceTimersByTimeAsync(1_000_000)
    const gaps = attempts.slice(1, 7).map((t, i) => t - (attempts[i] ?? 0))
    // 30 s · 2^(n-1), capped at 300 s, with random 0.5 ⇒ 3/4 of that.
    expect(gaps).toEqual([22_500, 45_000, 90_000, 180_000, 225_000, 225_000])
    expect(states).toEqual(['offline'])
    controller.abort()
    await done
  })

  it('handshakes, applies Delay and the Date header, and pushes a real-time punch at once', async () => {
    const server = new FakeAdmsServer()
    server.date = new Date('2025-05-20T12:05:00Z')
    server.options = { delay: 20, errorDelay: 5, realtime: true, transInterval: 1 }
    const { task, clock, states } = setup(httpClient(server))
    await vi.advanceTimersByTimeAsync(0)
    expect(server.count('/iclock/cdata', 'GET')).toBe(1)
    expect(server.count('/iclock/getrequest')).toBe(1)
    expect(clock.offsetMs).toBe(300_000)
    expect(states.at(-1)).toBe('online')
    expect(task.status()).toMatchObject({
      online: true,
      registration: 'registered',
      lastError: null,
    })

    const info = server.requests.find((r) => r.path === '/iclock/getrequest')?.query
    expect(info?.get('INFO')).toMatch(/^Webroster-Terminal 1\.0\.0,0,0,0,10\.0\.0\.2/)
    expect(info?.get('temp')).toBe('48.3')
    expect(info?.get('disk')).toBe('40%')

    await vi.advanceTimersByTimeAsync(19_000)
    expect(server.count('/iclock/getrequest')).toBe(1)
    store.addPunch({ pin: '1', time: '2025-05-20 12:05:10', status: 0, verify: 4 })
    task.notifyPunch()
    await vi.advanceTimersByTimeAsync(0)
    expect(server.punches.map((p) => p.pin)).toEqual(['1'])
    expect(store.countUnsentPunches()).toBe(0)
  })

  it('waits TransInterval between pushes when not real-time', async () => {
    const server = new FakeAdmsServer()
    server.options = { delay: 10, errorDelay: 5, realtime: false, transInterval: 1 }
    store.addPunch({ pin: '1', time: '2025-05-20 12:00:00', status: 0, verify: 4 })
    const { task } = setup(httpClient(server))
    await vi.advanceTimersByTimeAsync(0)
    expect(server.punches).toHaveLength(1)
    store.addPunch({ pin: '2', time: '2025-05-20 12:00:01', status: 0, verify: 4 })
    task.notifyPunch()
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(50_000)
    expect(server.punches).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(server.punches).toHaveLength(2)
  })

  it('uploads at the TransTimes slots when not real-time and TransInterval is 0', async () => {
    const server = new FakeAdmsServer()
    server.options = {
      delay: 30,
      errorDelay: 5,
      realtime: false,
      transInterval: 0,
      transTimes: '12:10;18:00',
    }
    // The Date header follows the (fake) clock, so the device's wall clock moves with it.
    Object.defineProperty(server, 'date', { get: () => new Date() })
    store.addPunch({ pin: '1', time: '2025-05-20 12:00:00', status: 0, verify: 4 })
    const { task } = setup(httpClient(server))
    await vi.advanceTimersByTimeAsync(0)
    task.notifyPunch()
    // Before the 12:10 slot nothing goes, however often the loop polls.
    await vi.advanceTimersByTimeAsync(9 * 60_000)
    expect(server.punches).toHaveLength(0)
    expect(server.count('/iclock/getrequest')).toBeGreaterThan(10)
    // The first poll at or after 12:10 (one Delay at most) pushes.
    await vi.advanceTimersByTimeAsync(60_000 + 30_000)
    expect(server.punches.map((p) => p.pin)).toEqual(['1'])
    store.addPunch({ pin: '2', time: '2025-05-20 12:12:00', status: 0, verify: 4 })
    await vi.advanceTimersByTimeAsync(5 * 60 * 60_000)
    expect(server.punches).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(60 * 60_000)
    expect(server.punches.map((p) => p.pin)).toEqual(['1', '2'])
  })

  it('keeps a TransTimes slot due while its upload fails', async () => {
    const server = new FakeAdmsServer()
    Object.defineProperty(server, 'date', { get: () => new Date() })
    server.options = {
      delay: 30,
      errorDelay: 5,
      realtime: false,
      transInterval: 0,
      transTimes: '12:01',
    }
    store.addPunch({ pin: '1', time: '2025-05-20 12:00:00', status: 0, verify: 4 })
    setup(httpClient(server))
    await vi.advanceTimersByTimeAsync(0)
    server.upload = () => ({ body: 'ERROR: 1' })
    await vi.advanceTimersByTimeAsync(90_000)
    expect(server.count('/iclock/cdata', 'POST')).toBeGreaterThan(0)
    server.upload = undefined
    await vi.advanceTimersByTimeAsync(60_000)
    expect(server.punches.map((p) => p.pin)).toEqual(['1'])
  })

  it('re-uploads every punch when the server hands back a stamp of 0', async () => {
    const server = new FakeAdmsServer()
    store.addPunch({ pin: '1', time: '2025-05-20 11:00:00', status: 0, verify: 4 })
    store.addPunch({ pin: '2', time: '2025-05-20 11:01:00', status: 0, verify: 4 })
    const { task } = setup(httpClient(server))
    await vi.advanceTimersByTimeAsync(0)
    expect(store.countUnsentPunches()).toBe(0)
    const attlogPosts = () =>
      server.requests.filter((r) => r.method === 'POST' && r.query.get('table') === 'ATTLOG')
    expect(attlogPosts()).toHaveLength(1)
    // The server lost its data: stamp 0 on the next handshake, which CHECK asks for.
    server.options = { ...server.options, stamps: { ATTLOG: '0' } }
    server.enqueue('c0', 'CHECK')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(attlogPosts()).toHaveLength(2)
    const resent = attlogPosts().at(-1)
    expect(resent?.body.split('\n').filter((l) => l.trim() !== '')).toHaveLength(2)
    expect(task.status().unsentPunches).toBe(0)
    // A stamp other than 0 asks for nothing again.
    server.options = { ...server.options, stamps: { ATTLOG: '2' } }
    const before = attlogPosts().length
    server.enqueue('c1', 'CHECK')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(attlogPosts()).toHaveLength(before)
  })

  it('says at warn, once, why the server does not admit the terminal', async () => {
    const server = new FakeAdmsServer()
    server.handshake = 'pending'
    const lines: string[] = []
    setup(httpClient(server), { log: createLogger('warn', [(l) => lines.push(l)]) })
    await vi.advanceTimersByTimeAsync(300_000)
    const warned = lines.filter((l) => l.includes('has not admitted'))
    expect(warned).toHaveLength(1)
    expect(warned[0]).toMatch(/"level":"warn"/)
    expect(warned[0]).toMatch(/approve it on the server/)
    expect(warned[0]).toMatch(/TEST0001|sn/)
  })

  it('keeps punches while the server has not admitted the terminal, and sends them once it does', async () => {
    const server = new FakeAdmsServer()
    server.handshake = 'pending'
    store.addPunch({ pin: '1', time: '2025-05-20 11:00:00', status: 0, verify: 4 })
    const { task } = setup(httpClient(server))
    await vi.advanceTimersByTimeAsync(120_000)
    expect(task.status()).toMatchObject({ registration: 'pending', unsentPunches: 1 })
    expect(server.count('/iclock/cdata', 'GET')).toBeGreaterThan(1)
    expect(server.count('/iclock/cdata', 'POST')).toBe(0)
    server.handshake = 'options'
    await vi.advanceTimersByTimeAsync(300_000)
    expect(task.status()).toMatchObject({ registration: 'registered', unsentPunches: 0 })
    expect(server.punches).toHaveLength(1)
  })

  it('retries a refused push with backoff and never marks it sent', async () => {
    const server = new FakeAdmsServer()
    server.options = { delay: 10, errorDelay: 10, realtime: true, transInterval: 1 }
    server.upload = () => ({ body: 'ERROR: 1' })
    store.addPunch({ pin: '1', time: '2025-05-20 11:00:00', status: 0, verify: 4 })
    const { task } = setup(httpClient(server))
    await vi.advanceTimersByTimeAsync(0)
    expect(task.status()).toMatchObject({ online: true, consecutiveFailures: 1, unsentPunches: 1 })
    expect(task.status().lastError).toMatch(/ERROR: 1/)
    // Next try after 10 s · 3/4, then 20 s · 3/4.
    await vi.advanceTimersByTimeAsync(7_499)
    expect(server.count('/iclock/cdata', 'POST')).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(server.count('/iclock/cdata', 'POST')).toBe(2)
    server.upload = undefined
    await vi.advanceTimersByTimeAsync(15_000)
    await vi.advanceTimersByTimeAsync(0)
    expect(task.status()).toMatchObject({ consecutiveFailures: 0, unsentPunches: 0 })
    expect(server.punches).toHaveLength(1)
  })

  it('uploads the log once a day', async () => {
    const log = memoryLog('first line\n')
    const server = new FakeAdmsServer()
    server.options = { delay: 10, errorDelay: 5, realtime: true, transInterval: 1 }
    setup(httpClient(server), { logSource: log })
    await vi.advanceTimersByTimeAsync(0)
    expect(server.logs).toEqual([
      { name: 'terminal-2025-05-20.log', sn: 'TEST0001', text: 'first line\n' },
    ])
    log.append('second\n')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(server.logs).toHaveLength(1)
    expect(server.count('/iclock/getrequest')).toBeGreaterThan(5)
  })
})
