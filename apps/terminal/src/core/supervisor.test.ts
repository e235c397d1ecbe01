import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Supervisor } from './supervisor'
import { sleepUnlessAborted, type Task } from './task'
import { systemTimer } from './timer'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('Supervisor', () => {
  it('restarts a failing task with doubling backoff', async () => {
    const starts: number[] = []
    const task: Task = {
      name: 'flaky',
      run: async () => {
        starts.push(Date.now())
        throw new Error('boom')
      },
    }
    const supervisor = new Supervisor({ initialBackoffMs: 100, maxBackoffMs: 400 })
    const t0 = Date.now()
    supervisor.start(task)
    await vi.advanceTimersByTimeAsync(1500)
    expect(starts.map((s) => s - t0)).toEqual([0, 100, 300, 700, 1100, 1500])
    expect(supervisor.status()[0]).toMatchObject({ name: 'flaky', restarts: 6, lastError: 'boom' })
    await supervisor.stop()
    expect(supervisor.status()).toEqual([])
  })

  it('stops a looping task through its signal and waits for it', async () => {
    let ticks = 0
    let finished = false
    const task: Task = {
      name: 'loop',
      run: async (signal) => {
        while (!signal.aborted) {
          ticks++
          await sleepUnlessAborted(systemTimer, 50, signal)
        }
        finished = true
      },
    }
    const supervisor = new Supervisor()
    supervisor.start(task)
    await vi.advanceTimersByTimeAsync(200)
    const stopping = supervisor.stop()
    await stopping
    expect(finished).toBe(true)
    expect(ticks).toBeGreaterThanOrEqual(4)
  })

  it('does not restart a task that returned', async () => {
    let runs = 0
    const supervisor = new Supervisor({ initialBackoffMs: 10 })
    supervisor.start({ name: 'once', run: async () => void runs++ })
    await vi.advanceTimersByTimeAsync(100)
    expect(runs).toBe(1)
    expect(supervisor.status()[0]?.running).toBe(false)
  })
})
