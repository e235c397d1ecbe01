import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testConfig } from '../config/testing/test-config'
import { createSimHardware } from '../hardware/sim/sim-hardware'
import { Terminal } from '../runtime/terminal'
import { tempDir } from '../store/testing/temp-dir'
import { type SimControl, startSimControl } from './sim-control-server'
import { simTemplate } from './sim-template'

let dir: ReturnType<typeof tempDir>
let terminal: Terminal
let control: SimControl

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`http://127.0.0.1:${control.port}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

beforeEach(async () => {
  dir = tempDir()
  terminal = new Terminal({
    config: testConfig({ dataDir: dir.path, sensorPollMs: 1000 }),
    createHardware: async () => createSimHardware(),
  })
  await terminal.start()
  control = await startSimControl(0, () => terminal.context)
})
afterEach(async () => {
  await control.close()
  await terminal.shutdown()
  dir.remove()
})

describe('sim control API', () => {
  it('scans a card through the real punch flow', async () => {
    terminal.context?.store.upsertUser({ pin: '3', card: '15CD5B07' })
    // The printed decimal number, then the reader's UID form of the same card.
    expect((await call('POST', '/scan', { card: '123456789' })).body).toMatchObject({
      outcome: 'accepted',
      pin: '3',
    })
    expect((await call('POST', '/scan', { uid: '15CD5B07' })).body).toEqual({
      outcome: 'duplicate',
      pin: '3',
    })
    expect((await call('POST', '/scan', { card: '12' })).body).toMatchObject({
      outcome: 'rejected',
    })
    const state = (await call('GET', '/state')).body
    expect(state).toMatchObject({ sn: 'TEST0001', bootCount: 1, unsentPunches: 1, totalPunches: 1 })
    // No sync task in this terminal: offline, and no sync status to show.
    expect(state).toMatchObject({ online: false, sync: null })
    expect((state.buzzer as { name: string }[]).map((p) => p.name).slice(0, 2)).toEqual([
      'rejected',
      'command',
    ])
  })

  it('enrolls a finger: a local template, an FP record queued, and finger scans accepted', async () => {
    terminal.context?.store.upsertUser({ pin: '4', name: 'Di' })
    expect((await call('POST', '/scan', { finger: '4' })).body.outcome).toBe('rejected')
    const enrolled = await call('POST', '/enroll', { pin: '4', finger: 0 })
    expect(enrolled.status).toBe(200)
    const template = simTemplate('4', 0)
    expect(Buffer.from(template, 'base64').toString()).toMatch(/^WEBROSTER-SIM-FP pin=4 finger=0/)
    expect(terminal.context?.store.unsentOplog(10).at(-1)?.line).toBe(
      `FP PIN=4\tFID=0\tSize=${template.length}\tValid=1\tTMP=${template}`,
    )
    expect((await call('POST', '/scan', { finger: 4 })).body).toMatchObject({
      outcome: 'accepted',
      pin: '4',
    })
    expect((await call('GET', '/state')).body).toMatchObject({ templates: 1 })
  })

  it('shows on /state what the display shows: the clock and state, then a greeting', async () => {
    const before = (await call('GET', '/state')).body
    expect(before.display).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/),
      'Offline',
    ])
    terminal.context?.store.upsertUser({ pin: '3', name: 'Ana', card: '15CD5B07' })
    await call('POST', '/scan', { uid: '15CD5B07' })
    const state = (await call('GET', '/state')).body
    expect(state.display).toEqual(['Welcome, Ana —', expect.stringMatching(/^IN \d\d:\d\d$/)])
    expect(state.hardware).toMatchObject({
      display: { kind: 'sim', columns: 16, rows: 2, lines: ['Welcome, Ana -', expect.any(String)] },
    })
  })

  it('answers bad requests clearly', async () => {
    expect((await call('POST', '/scan', {})).status).toBe(400)
    expect((await call('POST', '/scan', { uid: '15CD5B0' })).status).toBe(400)
    expect((await call('POST', '/enroll', { pin: '1', finger: 11 })).status).toBe(400)
    expect((await call('GET', '/nope')).status).toBe(404)
    const res = await fetch(`http://127.0.0.1:${control.port}/scan`, { method: 'POST', body: '{' })
    expect(res.status).toBe(400)
  })
})
