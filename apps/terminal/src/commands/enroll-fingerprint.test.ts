import { Buffer } from 'node:buffer'
import { isAs608Template, tagAs608Template } from '@webroster/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { DeviceClock } from '../clock/device-clock'
import { silentLogger } from '../core/logger'
import type { FeedbackSignal } from '../feedback/feedback'
import { type EnrolmentStep, enrolmentText } from '../feedback/screen'
import { createAs608 } from '../hardware/linux/as608'
import { createAs608Sensor } from '../hardware/linux/as608-sensor'
import { EmulatedAs608 } from '../hardware/testing/emulated-as608'
import { FingerprintLibrary } from '../punch/fingerprint-library'
import { PunchFlow } from '../punch/punch-flow'
import { openStore, type Store } from '../store/store'
import type { CommandDeps } from './command-deps'
import { CommandExecutor } from './command-executor'

const open: Store[] = []
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})

/** A terminal's store, command executor and AS608 over an emulated sensor, with a person at it. */
async function terminal(
  options: { withSensor?: boolean; capacity?: number; stopping?: AbortSignal } = {},
) {
  const store = openStore(':memory:')
  open.push(store)
  const device = new EmulatedAs608({ capacity: options.capacity ?? 300 })
  const sensor = createAs608Sensor({
    open: async () => ({ as608: createAs608(device, { timeoutMs: 50 }), close: async () => {} }),
    imagePollMs: 1,
  })
  await sensor.probe()
  const library = new FingerprintLibrary(store, sensor)
  const signals: FeedbackSignal[] = []
  const prompts: string[] = []
  /** The finger the person puts down when asked (null: nobody is there). */
  const at = { finger: 'ana-right-index' as string | null }
  let changed = 0
  const clock = new DeviceClock({ store, timeZone: 'UTC', timeZoneExplicit: true })
  const deps: CommandDeps = {
    store,
    clock,
    sn: 'TEST0001',
    version: '1.0.0',
    network: () => ({ ip: '10.0.0.2', mac: '' }),
    uploadPunches: async (p) => p.length,
    uploadOperlog: async (lines) => lines.length,
    flush: async () => {},
    recheck: () => {},
    optionsChanged: () => {},
    stopping: () => options.stopping,
    ...(options.withSensor === false
      ? {}
      : {
          fingerprints: {
            library,
            captures: 2,
            stepTimeoutMs: 100,
            signal: (event) => {
              signals.push(event)
              if (event === 'enrol-place') device.finger = at.finger ? { id: at.finger } : null
              if (event === 'enrol-lift') device.finger = null
            },
            prompt: (step: EnrolmentStep) => {
              prompts.push(enrolmentText(step))
            },
            templatesChanged: () => {
              changed++
            },
          },
        }),
  }
  const executor = new CommandExecutor({ deps, log: silentLogger })
  const flow = new PunchFlow({
    store,
    clock,
    feedback: { signal: () => {} },
    rule: { kind: 'fixed', status: 0 },
    duplicateWindowMs: 0,
  })
  let id = 0
  /** Runs one command; its result line with the id left out. */
  const run = async (line: string) =>
    (await executor.execute(`C:${++id}:${line}\n`)).results[0]?.replace(/^ID=\d+&/, '')
  return { store, device, sensor, library, signals, prompts, at, run, flow, changed: () => changed }
}

describe('ENROLL_FP at the terminal', () => {
  it('guides the person, stores the template in sensor and store, and queues OPERLOG FP', async () => {
    const t = await terminal()
    await t.run('DATA UPDATE USERINFO PIN=7\tName=Ana')
    expect(await t.run('ENROLL_FP PIN=7\tFID=3')).toBe('Return=0&CMD=ENROLL_FP\n')
    expect(t.signals).toEqual(['enrol-place', 'enrol-lift', 'enrol-place', 'accepted'])
    expect(t.prompts).toEqual([
      'Place finger (1/2)',
      'Lift finger',
      'Place it again (2/2)',
      'Finger enrolled',
    ])

    const [template] = t.store.listTemplates('7')
    expect(template).toMatchObject({ kind: 'fp', no: 3 })
    expect(isAs608Template(template?.template ?? '')).toBe(true)
    const raw = EmulatedAs608.templateOf('ana-right-index')
    expect(template?.template).toBe(tagAs608Template(Buffer.from(raw).toString('base64')))
    expect(t.store.listSlots()).toEqual([
      { slot: 0, pin: '7', no: 3, template: template?.template },
    ])
    expect(t.device.library.get(0)).toEqual(raw)
    const [fp] = t.store.unsentOplog(10)
    expect(fp?.kind).toBe('FP')
    expect(fp?.line).toBe(
      `FP PIN=7\tFID=3\tSize=${template?.template.length}\tValid=1\tTMP=${template?.template}`,
    )
  })

  it('then punches by finger on this terminal', async () => {
    const t = await terminal()
    await t.run('DATA UPDATE USERINFO PIN=7\tName=Ana')
    await t.run('ENROLL_FP PIN=7\tFID=0')
    t.device.finger = null
    expect(await t.sensor.identify()).toBeNull()
    t.device.finger = { id: 'ana-right-index' }
    const match = await t.sensor.identify()
    expect(match).toEqual({ slot: 0 })
    const outcome = t.flow.handle({ kind: 'finger-slot', slot: match?.slot ?? null })
    expect(outcome).toMatchObject({ outcome: 'accepted', pin: '7' })
    expect(t.store.unsentPunches(5)[0]).toMatchObject({ pin: '7', verify: 1 })
    expect(t.flow.handle({ kind: 'finger-slot', slot: null })).toMatchObject({
      outcome: 'rejected',
      reason: 'unknown',
    })
  })

  it('answers with the ENROLL_FP codes', async () => {
    const t = await terminal()
    expect(await t.run('ENROLL_FP PIN=8\tFID=0')).toBe('Return=-10&CMD=ENROLL_FP\n')
    await t.run('DATA UPDATE USERINFO PIN=8')
    expect(await t.run('ENROLL_FP PIN=8\tFID=12')).toBe('Return=-1&CMD=ENROLL_FP\n')
    expect(await t.run('ENROLL_FP PIN=8\tFID=0')).toContain('Return=0&')
    expect(await t.run('ENROLL_FP PIN=8\tFID=0')).toContain('Return=2&')
    // The same finger again under another number is a duplicate.
    expect(await t.run('ENROLL_FP PIN=8\tFID=1')).toContain('Return=5&')
    t.at.finger = 'ana-left-thumb'
    expect(await t.run('ENROLL_FP PIN=8\tFID=0\tOVERWRITE=1')).toContain('Return=0&')
    expect(t.store.listSlots()).toHaveLength(1)
    t.at.finger = null
    expect(await t.run('ENROLL_FP PIN=8\tFID=2')).toContain('Return=-1003&')
  })

  it('retries a poor capture as often as RETRY says', async () => {
    const t = await terminal()
    await t.run('DATA UPDATE USERINFO PIN=9')
    let captures = 0
    const place = t.device.write.bind(t.device)
    // The first two images are smudged, the next ones fine.
    t.device.write = async (bytes) => {
      if (bytes[9] === 0x02) {
        captures++
        if (t.device.finger) t.device.finger.quality = captures <= 2 ? 'poor' : 'good'
      }
      return place(bytes)
    }
    expect(await t.run('ENROLL_FP PIN=9\tFID=0\tRETRY=1')).toContain('Return=4&')
    expect(await t.run('ENROLL_FP PIN=9\tFID=0\tRETRY=1')).toContain('Return=0&')
  })

  it('gives up with 6 (cancelled) when the terminal stops while it waits for the finger', async () => {
    const stop = new AbortController()
    const t = await terminal({ stopping: stop.signal })
    await t.run('DATA UPDATE USERINFO PIN=7')
    t.at.finger = null
    setTimeout(() => stop.abort(), 20)
    expect(await t.run('ENROLL_FP PIN=7\tFID=0')).toBe('Return=6&CMD=ENROLL_FP\n')
  })

  it('answers -1002 on a terminal without a fingerprint sensor', async () => {
    const t = await terminal({ withSensor: false })
    await t.run('DATA UPDATE USERINFO PIN=7')
    expect(await t.run('ENROLL_FP PIN=7\tFID=0')).toBe('Return=-1002&CMD=ENROLL_FP\n')
  })

  it('answers -1001 when the sensor library is full', async () => {
    const t = await terminal({ capacity: 1 })
    await t.run('DATA UPDATE USERINFO PIN=7')
    await t.run('ENROLL_FP PIN=7\tFID=0')
    t.at.finger = 'someone-else'
    expect(await t.run('ENROLL_FP PIN=7\tFID=1')).toContain('Return=-1001&')
  })
})

describe('templates from the server on a terminal with a sensor', () => {
  it('downloads an AS608 template into the sensor, and removes it with the person', async () => {
    const a = await terminal()
    await a.run('DATA UPDATE USERINFO PIN=7')
    await a.run('ENROLL_FP PIN=7\tFID=1')
    const template = a.store.listTemplates('7')[0]?.template ?? ''

    const b = await terminal()
    await b.run('DATA UPDATE USERINFO PIN=7')
    expect(await b.run(`DATA UPDATE FINGERTMP PIN=7\tFID=1\tValid=1\tTMP=${template}`)).toContain(
      'Return=0&',
    )
    expect(b.changed()).toBe(2)
    expect(await b.library.reconcile()).toEqual({ installed: 1, removed: 0, full: false })
    b.device.finger = { id: 'ana-right-index' }
    const match = await b.sensor.identify()
    expect(b.flow.handle({ kind: 'finger-slot', slot: match?.slot ?? null })).toMatchObject({
      outcome: 'accepted',
      pin: '7',
    })

    await b.run('DATA DELETE USERINFO PIN=7')
    expect(await b.library.reconcile()).toEqual({ installed: 0, removed: 1, full: false })
    expect(b.device.library.size).toBe(0)
    expect(b.store.listSlots()).toEqual([])
  })

  it('removes one deleted finger and keeps the others', async () => {
    const t = await terminal()
    await t.run('DATA UPDATE USERINFO PIN=7')
    await t.run('ENROLL_FP PIN=7\tFID=1')
    t.at.finger = 'ana-left-index'
    await t.run('ENROLL_FP PIN=7\tFID=2')
    await t.run('DATA DELETE FINGERTMP PIN=7\tFID=1')
    expect(await t.library.reconcile()).toMatchObject({ removed: 1 })
    expect(t.store.listSlots().map((s) => s.no)).toEqual([2])
    expect([...t.device.library.keys()]).toEqual([1])
  })

  it('refuses a template in another format with -11', async () => {
    const t = await terminal()
    await t.run('DATA UPDATE USERINFO PIN=7')
    expect(await t.run('DATA UPDATE FINGERTMP PIN=7\tFID=0\tTMP=TUzIxU1MyMQ==')).toContain(
      'Return=-11&',
    )
    expect(t.store.listTemplates('7')).toEqual([])
  })

  it('leaves a template with no bytes after its tag out, and installs the others', async () => {
    const t = await terminal()
    await t.run('DATA UPDATE USERINFO PIN=7')
    t.store.upsertTemplate({ pin: '7', kind: 'fp', no: 0, template: 'QVM2MDgA!!!!' })
    const good = tagAs608Template(Buffer.from(EmulatedAs608.templateOf('x')).toString('base64'))
    t.store.upsertTemplate({ pin: '7', kind: 'fp', no: 1, template: good })
    expect(await t.library.reconcile()).toEqual({ installed: 1, removed: 0, full: false })
    expect(t.sensor.online).toBe(true)
  })

  it('refills a sensor that was swapped for an empty one', async () => {
    const t = await terminal()
    await t.run('DATA UPDATE USERINFO PIN=7')
    await t.run('ENROLL_FP PIN=7\tFID=1')
    t.device.library.clear()
    expect(await t.library.reconcile({ verify: true })).toEqual({
      installed: 1,
      removed: 1,
      full: false,
    })
    expect(t.device.library.size).toBe(1)
  })
})

describe('a sensor that was offline', () => {
  it('is probed before a slot is chosen, so a late sensor is not taken for a full one', async () => {
    const store = openStore(':memory:')
    open.push(store)
    const device = new EmulatedAs608()
    device.silent = true
    const sensor = createAs608Sensor({
      open: async () => ({ as608: createAs608(device, { timeoutMs: 20 }), close: async () => {} }),
      backoff: { initialMs: 1, maxMs: 1 },
    })
    const library = new FingerprintLibrary(store, sensor)
    store.upsertUser({ pin: '7' })
    store.upsertTemplate({
      pin: '7',
      kind: 'fp',
      no: 0,
      template: tagAs608Template(Buffer.from(EmulatedAs608.templateOf('ana')).toString('base64')),
    })
    await expect(library.reconcile()).rejects.toThrow(/not answering/)
    device.silent = false
    expect(await library.reconcile()).toEqual({ installed: 1, removed: 0, full: false })
    expect(device.library.size).toBe(1)
  })
})
