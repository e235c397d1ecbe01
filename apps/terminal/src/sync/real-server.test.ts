import {
  createApp,
  createServices,
  type Database,
  openDb,
  type Services,
  silentLogger,
  testConfig,
} from '@webroster/server'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { DeviceClock } from '../clock/device-clock'
import { testConfig as terminalConfig } from '../config/testing/test-config'
import { PunchFlow } from '../punch/punch-flow'
import { openStore, type Store } from '../store/store'
import { tempDir } from '../store/testing/temp-dir'
import type { FetchLike } from './http-adms-client'
import { createHttpAdmsClient } from './http-adms-client'
import { createSyncTask } from './sync-task'

const ADMIN_TOKEN = 'real-server-admin-token-0123456789'

// One PGlite for the file (creating one costs seconds); each test uses its own terminal serial.
let database: Database
let services: Services
let app: ReturnType<typeof createApp>
let serial = 0

beforeAll(async () => {
  database = await openDb({ pgliteDir: 'memory://' })
  services = await createServices({
    database,
    config: testConfig({
      admission: 'open',
      pollDelaySeconds: 1,
      deviceRateLimit: 10_000,
      adminToken: ADMIN_TOKEN,
    }),
    log: silentLogger,
  })
  app = createApp(services)
}, 60_000)
afterAll(async () => {
  await services?.stop()
  await database?.close()
})

/** `fetch` onto `app.handle`: the router wants the `localhost` origin. */
const appFetch: FetchLike = (input, init) =>
  app.handle(new Request(input.replace(/^https?:\/\/[^/]+/, 'http://localhost'), init))

let dir: ReturnType<typeof tempDir>
let store: Store
let controller: AbortController
let sn: string

beforeEach(() => {
  dir = tempDir('webroster-real-server-')
  store = openStore(`${dir.path}/terminal.db`)
  controller = new AbortController()
  sn = `RS${Date.now().toString(36).toUpperCase()}${serial++}`
})
afterEach(async () => {
  controller.abort()
  store.close()
  dir.remove()
})

function startSync(events: string[] = [], fetch: FetchLike = appFetch) {
  const client = createHttpAdmsClient({
    serverUrl: 'http://localhost',
    sn,
    timeoutMs: 5000,
    version: '1.0.0',
    fetch,
  })
  const clock = new DeviceClock({ store, timeZone: 'UTC', timeZoneExplicit: true })
  const task = createSyncTask({
    config: terminalConfig({ sn, dataDir: dir.path, batchCap: 2 }),
    store,
    clock,
    client,
    version: '1.0.0',
    random: () => 0.5,
    maxBackoffMs: 1000,
    logSource: { name: 'terminal', read: async () => undefined, cut: async () => {} },
    requestReboot: async () => {
      const rows = await services.commands.listForDevice(sn, {})
      events.push(`reboot; server has ${rows.items.map((r) => `${r.id}:${r.status}`).join(',')}`)
    },
  })
  const done = task.run(controller.signal)
  return { task, done }
}

const serverPunches = async () =>
  (await database.db.query.punches.findMany()).filter((p) => p.sn === sn)

const commandStatus = async (id: number) => (await services.commands.get(id))?.status

describe('sync against the real server', () => {
  it('delivers a punch batch exactly once', async () => {
    store.addPunches(
      ['1', '2', '3', '4', '5'].map((pin) => ({
        pin,
        time: `2025-05-20 08:0${pin}:00`,
        status: 0,
        verify: 4,
      })),
    )
    const { task } = startSync()
    await vi.waitFor(() => expect(store.countUnsentPunches()).toBe(0), { timeout: 10_000 })
    expect((await serverPunches()).map((p) => p.pin).sort()).toEqual(['1', '2', '3', '4', '5'])
    // A re-upload (DATA QUERY ATTLOG answers, lost acks) must not duplicate anything.
    await task.pushNow()
    expect(await serverPunches()).toHaveLength(5)
  }, 20_000)

  it('keeps punches the server refuses, and sends them when it accepts', async () => {
    store.addPunch({ pin: '9', time: '2025-05-20 09:00:00', status: 0, verify: 4 })
    let refuse = true
    const flaky: FetchLike = async (input, init) =>
      refuse && input.includes('table=ATTLOG')
        ? new Response('ERROR: 1', { status: 200 })
        : appFetch(input, init)
    const { task } = startSync([], flaky)
    await vi.waitFor(() => expect(task.status().consecutiveFailures).toBeGreaterThan(0), {
      timeout: 10_000,
    })
    expect(store.countUnsentPunches()).toBe(1)
    refuse = false
    await vi.waitFor(() => expect(store.countUnsentPunches()).toBe(0), { timeout: 10_000 })
    expect(await serverPunches()).toHaveLength(1)
  }, 20_000)

  it('executes a user delete: user, templates and card gone; the command succeeds', async () => {
    startSync()
    await vi.waitFor(async () => expect(await services.devices.get(sn)).toBeDefined(), {
      timeout: 10_000,
    })
    const upsert = await services.commands.enqueue({
      sn,
      type: 'update-user',
      command: {
        type: 'DATA UPDATE',
        table: 'USERINFO',
        user: { pin: '42', name: 'Eve', card: '[15CD5B07]' },
      },
    })
    await vi.waitFor(async () => expect(await commandStatus(upsert.id)).toBe('succeeded'), {
      timeout: 10_000,
    })
    store.upsertTemplate({ pin: '42', kind: 'fp', no: 0, template: 'QUJD' })
    const flow = new PunchFlow({
      store,
      clock: {
        wallClock: () => '2025-05-20 10:00:00',
        wallParts: () => ({ year: 2025, month: 5, day: 20, hour: 10, minute: 0, second: 0 }),
      },
      feedback: { signal() {} },
      rule: { kind: 'fixed', status: 0 },
      duplicateWindowMs: 0,
    })
    expect(flow.handle({ kind: 'card', card: '15CD5B07' }).outcome).toBe('accepted')

    const del = await services.commands.enqueue({
      sn,
      type: 'delete-user',
      command: { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '42']] },
    })
    await vi.waitFor(async () => expect(await commandStatus(del.id)).toBe('succeeded'), {
      timeout: 10_000,
    })
    expect(store.findUserByPin('42')).toBeUndefined()
    expect(store.listTemplates('42')).toEqual([])
    expect(flow.handle({ kind: 'card', card: '15CD5B07' }).outcome).toBe('rejected')
  }, 30_000)

  it('acknowledges a reboot before rebooting', async () => {
    const events: string[] = []
    startSync(events)
    await vi.waitFor(async () => expect(await services.devices.get(sn)).toBeDefined(), {
      timeout: 10_000,
    })
    const reboot = await services.commands.enqueue({
      sn,
      type: 'reboot',
      command: { type: 'CONTROL DEVICE', action: 3, params: [0, 0, 0] },
    })
    await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 10_000 })
    expect(events[0]).toBe(`reboot; server has ${reboot.id}:succeeded`)
  }, 20_000)

  it('takes a group of people in multi-record commands and acknowledges each command', async () => {
    startSync()
    await vi.waitFor(async () => expect(await services.devices.get(sn)).toBeDefined(), {
      timeout: 10_000,
    })
    const api = async (method: string, path: string, body: unknown) =>
      (
        await app.handle(
          new Request(`http://localhost${path}`, {
            method,
            headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
        )
      ).json() as Promise<{ id: number }>
    const group = await api('POST', '/api/groups', { name: `site ${sn}` })
    const pins = Array.from({ length: 150 }, (_, i) => `${sn}${i}`.slice(-14))
    for (const pin of pins)
      await api('POST', '/api/people', { pin, name: `P ${pin}`, groupIds: [group.id] })
    await api('PATCH', `/api/devices/${sn}`, { groupIds: [group.id] })
    await vi.waitFor(() => expect(store.listUsers()).toHaveLength(150), { timeout: 15_000 })
    await vi.waitFor(
      async () => {
        const rows = (await services.commands.listForDevice(sn, {})).items
        expect(rows.map((r) => [r.text.split('\n').length, r.status])).toEqual([
          [50, 'succeeded'],
          [100, 'succeeded'],
        ])
      },
      { timeout: 10_000 },
    )
  }, 40_000)
})
