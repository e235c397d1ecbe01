import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { testConfig } from '../config/testing/test-config'
import { createSimHardware } from '../hardware/sim/sim-hardware'
import { tempDir } from '../store/testing/temp-dir'
import { FakeAdmsServer } from '../sync/testing/fake-adms-server'
import { Terminal } from './terminal'
import { createTerminalSyncTask } from './terminal-sync'

let dir: ReturnType<typeof tempDir>
let terminal: Terminal
let server: FakeAdmsServer

beforeEach(async () => {
  dir = tempDir('webroster-terminal-sync-')
  server = new FakeAdmsServer()
  server.options = { delay: 1, errorDelay: 1, realtime: true, transInterval: 1 }
  terminal = new Terminal({
    config: testConfig({ dataDir: dir.path, sensorPollMs: 1000 }),
    createHardware: async () => createSimHardware(),
    createSyncTask: (context) => createTerminalSyncTask(context, { fetch: server.fetch }),
  })
  await terminal.start()
})
afterEach(async () => {
  await terminal.shutdown()
  dir.remove()
})

describe('sync task in the terminal runtime', () => {
  it('pushes punches and the power-on op-log, and lights the status LED online', async () => {
    const context = terminal.context
    context?.store.upsertUser({ pin: '3', card: '15CD5B07' })
    expect(context?.flow.handle({ kind: 'card', card: '15CD5B07' }).outcome).toBe('accepted')
    await vi.waitFor(() => expect(server.punches.map((p) => p.pin)).toEqual(['3']), {
      timeout: 5000,
    })
    expect(server.operlog.some((r) => r.kind === 'OPLOG' && r.op === 0)).toBe(true)
    expect(context?.feedback.connectivity).toBe('online')
  })

  it('pushes a punch at once with Realtime=1, long before the next poll', async () => {
    server.options = { delay: 3600, errorDelay: 1, realtime: true, transInterval: 1 }
    await terminal.reboot()
    const context = terminal.context
    // Wait until the loop has handshaken and gone to sleep for an hour.
    await vi.waitFor(
      () => {
        expect(context?.syncStatus()?.lastSuccessAt).not.toBeNull()
        expect(context?.feedback.connectivity).toBe('online')
      },
      { timeout: 5000 },
    )
    context?.store.upsertUser({ pin: '4', card: '15CD5B07' })
    expect(context?.flow.handle({ kind: 'card', card: '15CD5B07' }).outcome).toBe('accepted')
    await vi.waitFor(() => expect(server.punches.map((p) => p.pin)).toEqual(['4']), {
      timeout: 5000,
    })
    expect(context?.syncStatus()).toMatchObject({ online: true, registration: 'registered' })
  })

  it('acknowledges REBOOT, soft-reboots once, and does not reboot again on re-delivery', async () => {
    server.enqueue('rb1', 'REBOOT')
    await vi.waitFor(() => expect(terminal.context?.bootCount).toBe(2), { timeout: 5000 })
    expect(server.results.map((r) => [r.id, r.returnCode, r.cmd])).toEqual([['rb1', 0, 'REBOOT']])
    server.enqueue('rb1', 'REBOOT')
    await vi.waitFor(() => expect(server.results).toHaveLength(2), { timeout: 5000 })
    expect(terminal.context?.bootCount).toBe(2)
  })
})
