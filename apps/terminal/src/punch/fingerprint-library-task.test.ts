import { describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../core/logger'
import { systemTimer } from '../core/timer'
import type { LibraryChanges } from './fingerprint-library'
import { createFingerprintLibraryTask } from './fingerprint-library-task'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the fingerprint library task', () => {
  it('checks the sensor fully once, reconciles when nudged, and retries a failed round', async () => {
    const calls: Array<boolean | undefined> = []
    let fail = true
    const task = createFingerprintLibraryTask({
      library: {
        async reconcile(options): Promise<LibraryChanges> {
          calls.push(options?.verify)
          if (fail) throw new Error('sensor offline')
          return { installed: 0, removed: 0, full: false }
        },
      },
      timer: systemTimer,
      logger: silentLogger,
      everyMs: 60_000,
      retryMs: 5,
    })
    const stop = new AbortController()
    const running = task.run(stop.signal)
    // A failed round keeps the full check for the next one.
    await vi.waitFor(() => expect(calls.length).toBeGreaterThan(2))
    expect(calls.every((v) => v === true)).toBe(true)
    fail = false
    const before = calls.length
    await vi.waitFor(() => expect(calls.length).toBe(before + 1))
    await wait(20)
    // Succeeded: it now sleeps for everyMs, unless nudged.
    expect(calls.length).toBe(before + 1)
    task.nudge()
    await vi.waitFor(() => expect(calls.slice(before)).toEqual([true, false]))
    stop.abort()
    await running
  })
})
