import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSystemdNotifier } from './systemd-notifier'

describe('systemd notifier', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('does nothing outside systemd', async () => {
    const send = vi.fn(async () => {})
    const n = createSystemdNotifier({ env: {}, send })
    await n.ready()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(send).not.toHaveBeenCalled()
  })

  it('signals ready, then pings the watchdog every half period while healthy', async () => {
    const sent: string[] = []
    let healthy = true
    const n = createSystemdNotifier({
      env: { NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '30000000' },
      send: async (m) => {
        sent.push(m)
      },
      healthy: () => healthy,
    })
    await n.ready()
    expect(sent).toEqual(['READY=1'])
    await vi.advanceTimersByTimeAsync(15_000)
    expect(sent).toEqual(['READY=1', 'WATCHDOG=1'])
    healthy = false
    await vi.advanceTimersByTimeAsync(30_000)
    expect(sent).toEqual(['READY=1', 'WATCHDOG=1'])
    await n.stopping()
    expect(sent.at(-1)).toBe('STOPPING=1')
  })

  it('reports send failures instead of throwing', async () => {
    const errors: unknown[] = []
    const n = createSystemdNotifier({
      env: { NOTIFY_SOCKET: 'x' },
      send: async () => {
        throw new Error('no systemd-notify')
      },
      onError: (e) => errors.push(e),
    })
    await n.ready()
    expect(errors).toHaveLength(1)
  })
})
