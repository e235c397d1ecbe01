import {
  createApp,
  createServices,
  type Database,
  openDb,
  silentLogger,
  testConfig,
} from '@webroster/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { testConfig as terminalConfig } from '../config/testing/test-config'
import { combineSensors, fingerprintCredentials } from '../hardware/combined-sensor'
import { createAs608 } from '../hardware/linux/as608'
import { createAs608Sensor } from '../hardware/linux/as608-sensor'
import type { FingerprintSensor, Hardware } from '../hardware/ports'
import { createSimHardware } from '../hardware/sim/sim-hardware'
import { EmulatedAs608 } from '../hardware/testing/emulated-as608'
import type { FetchLike } from '../sync/http-adms-client'
import { Terminal } from './terminal'
import { createTerminalSyncTask } from './terminal-sync'

const ADMIN_TOKEN = 'fingerprint-fleet-admin-token-0123456789'

let database: Database
let services: Awaited<ReturnType<typeof createServices>>
let app: ReturnType<typeof createApp>

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
  // Started: presence (the telemetry the fan-out reads capabilities from) is written by its timer.
  await services.start()
  app = createApp(services)
}, 60_000)
afterAll(async () => {
  await services?.stop()
  await database?.close()
})

const appFetch: FetchLike = (input, init) =>
  app.handle(new Request(input.replace(/^https?:\/\/[^/]+/, 'http://localhost'), init))

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await app.handle(
    new Request(`http://localhost${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  )
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/**
 * Simulated LEDs and buzzer with an AS608 on an emulated serial line; the person at it puts
 * `finger` down whenever the terminal asks, and lifts it when told to.
 */
function hardwareWith(device: EmulatedAs608, finger: string): Hardware {
  const sim = createSimHardware()
  const as608 = createAs608Sensor({
    open: async () => ({ as608: createAs608(device, { timeoutMs: 200 }), close: async () => {} }),
    imagePollMs: 5,
  })
  const fingerprint: FingerprintSensor = {
    format: as608.format,
    get online() {
      return as608.online
    },
    get capacity() {
      return as608.capacity
    },
    probe: () => as608.probe(),
    identify: () => as608.identify(),
    enrol: (request) =>
      as608.enrol({
        ...request,
        onPrompt: (prompt, capture) => {
          request.onPrompt?.(prompt, capture)
          device.finger = prompt === 'lift' ? null : { id: finger }
        },
      }),
    install: (slot, template) => as608.install(slot, template),
    remove: (slot) => as608.remove(slot),
    clear: () => as608.clear(),
    count: () => as608.count(),
    close: () => as608.close(),
  }
  return {
    greenLed: sim.greenLed,
    redLed: sim.redLed,
    statusLed: sim.statusLed,
    buzzer: sim.buzzer,
    sensor: combineSensors([
      { name: 'fingerprint sensor', sensor: fingerprintCredentials(fingerprint) },
    ]),
    fingerprint,
    close: async () => {
      await Promise.all([sim.close(), as608.close()])
    },
  }
}

function terminal(sn: string, device: EmulatedAs608) {
  const config = terminalConfig({
    sn,
    sensorPollMs: 10,
    fingerprint: { ...terminalConfig().fingerprint, enrolStepSeconds: 5 },
  })
  return new Terminal({
    config,
    storePath: ':memory:',
    createHardware: async () => hardwareWith(device, 'ana-right-index'),
    createSyncTask: (context) =>
      createTerminalSyncTask(context, {
        fetch: appFetch,
        version: '1.0.0',
        logSource: { name: 'terminal', read: async () => undefined, cut: async () => {} },
      }),
  })
}

describe('a fingerprint enrolled at one AS608 terminal', () => {
  it('punches on the other terminal of the group, and goes from both sensors with the person', async () => {
    const sensorA = new EmulatedAs608()
    const sensorB = new EmulatedAs608()
    const a = terminal('FPFLEETA', sensorA)
    const b = terminal('FPFLEETB', sensorB)
    await Promise.all([a.start(), b.start()])
    try {
      // Both report their sensor's format on a poll before they are put in a group.
      await vi.waitFor(
        async () => {
          for (const sn of ['FPFLEETA', 'FPFLEETB']) {
            const d = await api<{ telemetry: { info?: { fpAlgorithm?: string } } }>(
              'GET',
              `/api/devices/${sn}`,
            )
            expect(d.telemetry.info?.fpAlgorithm).toBe('AS608')
          }
        },
        { timeout: 10_000, interval: 100 },
      )
      const group = await api<{ id: number }>('POST', '/api/groups', { name: 'Fingerprints' })
      for (const sn of ['FPFLEETA', 'FPFLEETB']) {
        await api('PATCH', `/api/devices/${sn}`, { groupIds: [group.id] })
      }
      await api('POST', '/api/people', { pin: '501', name: 'Ana', groupIds: [group.id] })
      await vi.waitFor(
        () => {
          expect(a.context?.store.findUserByPin('501')).toBeDefined()
          expect(b.context?.store.findUserByPin('501')).toBeDefined()
        },
        { timeout: 10_000, interval: 50 },
      )

      const { id } = await api<{ id: number }>('POST', '/api/people/501/fingerprints/enrol', {
        sn: 'FPFLEETA',
        finger: 2,
      })
      await vi.waitFor(
        async () => expect((await services.commands.get(id))?.status).toBe('succeeded'),
        { timeout: 15_000, interval: 100 },
      )
      await vi.waitFor(
        () => {
          expect(b.context?.store.listSlots()).toMatchObject([{ pin: '501', no: 2 }])
          expect(sensorB.library.size).toBe(1)
        },
        { timeout: 15_000, interval: 50 },
      )
      const creds = await api<{ templates: Array<{ no: number; sourceSn: string }> }>(
        'GET',
        '/api/people/501/credentials',
      )
      expect(creds.templates).toMatchObject([{ no: 2, sourceSn: 'FPFLEETA' }])

      sensorB.finger = { id: 'ana-right-index' }
      await vi.waitFor(
        async () => {
          const punches = (await database.db.query.punches.findMany()).filter(
            (p) => p.sn === 'FPFLEETB',
          )
          expect(punches).toMatchObject([{ pin: '501', verify: 1 }])
        },
        { timeout: 10_000, interval: 100 },
      )

      await api('DELETE', '/api/people/501')
      await vi.waitFor(
        () => {
          expect(sensorA.library.size).toBe(0)
          expect(sensorB.library.size).toBe(0)
        },
        { timeout: 15_000, interval: 50 },
      )
    } finally {
      await Promise.all([a.shutdown(), b.shutdown()])
    }
  }, 60_000)
})
