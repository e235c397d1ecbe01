import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { testConfig } from '../config/testing/test-config'
import { createSimHardware, type SimHardware } from '../hardware/sim/sim-hardware'
import { openStore } from '../store/store'
import { tempDir } from '../store/testing/temp-dir'
import type { SyncStatus } from '../sync/sync-task'
import { type SyncHandle, Terminal, type TerminalContext } from './terminal'

let dir: ReturnType<typeof tempDir>
let hardware: SimHardware[]

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-05-20T08:00:00Z') })
  dir = tempDir()
  hardware = []
})
afterEach(() => {
  vi.useRealTimers()
  dir.remove()
})

const idleStatus: SyncStatus = {
  online: true,
  registration: 'registered',
  lastSuccessAt: null,
  lastError: null,
  consecutiveFailures: 0,
  unsentPunches: 0,
  unsentOplog: 0,
  unackedResults: 0,
}

/** A sync task that only waits for its stop and counts the nudges it gets. */
const idleSync =
  (notified: number[], onRun?: (c: TerminalContext) => void) => (c: TerminalContext) =>
    ({
      name: 'sync',
      async run(signal) {
        onRun?.(c)
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()))
      },
      notifyPunch: () => notified.push(c.bootCount),
      status: () => idleStatus,
    }) satisfies SyncHandle

const makeTerminal = (
  extra: { sync?: (c: TerminalContext) => SyncHandle; faulty?: boolean } = {},
) =>
  new Terminal({
    config: testConfig({ dataDir: dir.path }),
    createHardware: async () => {
      const hw = createSimHardware()
      if (extra.faulty && hardware.length === 0) hw.sensor.setFault('unplugged')
      hardware.push(hw)
      return hw
    },
    ...(extra.sync ? { createSyncTask: extra.sync } : {}),
  })

describe('Terminal', () => {
  it('boots, punches from the sensor, and keeps the punch across a soft reboot', async () => {
    const terminal = makeTerminal()
    await terminal.start()
    const first = terminal.context
    expect(first?.bootCount).toBe(1)
    first?.store.upsertUser({ pin: '5', card: 'C0FFEE' })
    hardware[0]?.sensor.present({ kind: 'card', card: 'C0FFEE' })
    await vi.advanceTimersByTimeAsync(100)
    expect(first?.store.countUnsentPunches()).toBe(1)
    expect(hardware[0]?.snapshot().buzzer.patterns.map((p) => p.name)).toEqual(['accepted', 'boot'])

    await terminal.reboot()
    expect(terminal.context?.bootCount).toBe(2)
    expect(terminal.context?.store.countUnsentPunches()).toBe(1)
    expect(hardware).toHaveLength(2)
    await terminal.shutdown()
    expect(terminal.context).toBeUndefined()
    expect(hardware[1]?.snapshot().statusLed.on).toBe(false)
  })

  it('hands the sync task its context, stops it on shutdown, and reboots on request', async () => {
    const seen: number[] = []
    const sync = idleSync([], (context) => {
      seen.push(context.bootCount)
      context.setConnectivity('online')
      if (context.bootCount === 1) context.requestReboot()
    })
    const terminal = makeTerminal({ sync })
    await terminal.start()
    await vi.advanceTimersByTimeAsync(10)
    expect(seen).toEqual([1, 2])
    expect(terminal.context?.feedback.connectivity).toBe('online')
    await terminal.shutdown()
  })

  it('nudges the sync task after each accepted punch and shows its status', async () => {
    const notified: number[] = []
    const terminal = makeTerminal({ sync: idleSync(notified) })
    await terminal.start()
    const context = terminal.context
    context?.store.upsertUser({ pin: '5', card: 'C0FFEE' })
    hardware[0]?.sensor.present({ kind: 'card', card: 'BADBAD' })
    await vi.advanceTimersByTimeAsync(100)
    expect(notified).toEqual([])
    hardware[0]?.sensor.present({ kind: 'card', card: 'C0FFEE' })
    await vi.advanceTimersByTimeAsync(100)
    expect(notified).toEqual([1])
    context?.notifyPunch()
    expect(notified).toEqual([1, 1])
    expect(context?.syncStatus()).toEqual(idleStatus)
    await terminal.shutdown()
  })

  it('keeps running when the sensor is missing at boot and recovers it with backoff', async () => {
    const terminal = makeTerminal({ faulty: true })
    await terminal.start()
    const context = terminal.context
    expect(hardware[0]?.snapshot().buzzer.patterns[0]?.name).toBe('error')
    expect(context?.supervisor.status()[0]?.lastError).toMatch(/unplugged/)
    hardware[0]?.sensor.setFault(null)
    context?.store.upsertUser({ pin: '9', card: 'AB' })
    hardware[0]?.sensor.present({ kind: 'card', card: 'AB' })
    await vi.advanceTimersByTimeAsync(2000)
    expect(context?.store.countPunches()).toBe(1)
    await terminal.shutdown()
  })

  it('counts boots and logs power-on in the persisted store', async () => {
    const terminal = makeTerminal()
    await terminal.start()
    await terminal.shutdown()
    await terminal.start()
    await terminal.shutdown()
    const store = openStore(`${dir.path}/terminal.db`)
    expect(store.getOption('boot.count')).toBe('2')
    expect(store.unsentOplog(10).map((r) => r.line.slice(0, 8))).toEqual(['OPLOG 0\t', 'OPLOG 0\t'])
    store.close()
  })
})
