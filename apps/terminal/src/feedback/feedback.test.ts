import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DigitalOut } from '../hardware/ports'
import { createSimHardware } from '../hardware/sim/sim-hardware'
import { createFeedback } from './feedback'

beforeEach(() => {
  vi.useFakeTimers({ now: 0 })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createFeedback', () => {
  it('beeps and flashes green on an accepted punch, then goes dark', async () => {
    const hw = createSimHardware()
    const fb = createFeedback(hw)
    fb.signal('accepted')
    await vi.advanceTimersByTimeAsync(10)
    expect(hw.buzzer.state).toBe(true)
    expect(hw.greenLed.state).toBe(true)
    expect(hw.redLed.state).toBe(false)
    await vi.advanceTimersByTimeAsync(200)
    expect(hw.buzzer.state).toBe(false)
    expect(hw.greenLed.state).toBe(true)
    await vi.advanceTimersByTimeAsync(2000)
    expect(hw.greenLed.state).toBe(false)
    expect(hw.buzzer.snapshot().patterns.map((p) => p.name)).toEqual(['accepted'])
  })

  it('switches a green flash to red when a rejection follows', async () => {
    const hw = createSimHardware()
    const fb = createFeedback(hw)
    fb.signal('accepted')
    await vi.advanceTimersByTimeAsync(100)
    fb.signal('rejected')
    await vi.advanceTimersByTimeAsync(10)
    expect(hw.greenLed.state).toBe(false)
    expect(hw.redLed.state).toBe(true)
    expect(hw.buzzer.snapshot().patterns.map((p) => p.name)).toEqual(['rejected', 'accepted'])
  })

  it('lights both LEDs at boot and only beeps for a command', async () => {
    const hw = createSimHardware()
    const fb = createFeedback(hw)
    fb.signal('boot')
    await vi.advanceTimersByTimeAsync(10)
    expect([hw.greenLed.state, hw.redLed.state]).toEqual([true, true])
    await vi.advanceTimersByTimeAsync(3000)
    fb.signal('command')
    await vi.advanceTimersByTimeAsync(5)
    expect([hw.greenLed.state, hw.redLed.state, hw.buzzer.state]).toEqual([false, false, true])
  })

  it('starts offline and keeps the blink phase when the same state is set again', async () => {
    const hw = createSimHardware()
    const fb = createFeedback(hw)
    expect(fb.connectivity).toBe('offline')
    fb.setConnectivity('syncing')
    await vi.advanceTimersByTimeAsync(150)
    const writes = hw.statusLed.snapshot().writes
    fb.setConnectivity('syncing')
    await vi.advanceTimersByTimeAsync(0)
    expect(hw.statusLed.snapshot().writes).toBe(writes)
    expect(fb.connectivity).toBe('syncing')
    fb.setConnectivity('online')
    await vi.advanceTimersByTimeAsync(1000)
    expect(hw.statusLed.state).toBe(true)
    expect(hw.statusLed.snapshot().patterns.map((p) => p.name)).toEqual([
      'on',
      'fast-blink',
      'slow-blink',
    ])
  })

  it('answers a duplicate punch with the command tick, not the accept beep', async () => {
    const hw = createSimHardware()
    const fb = createFeedback(hw)
    fb.signal('duplicate')
    await vi.advanceTimersByTimeAsync(5)
    expect([hw.greenLed.state, hw.redLed.state, hw.buzzer.state]).toEqual([false, false, true])
    expect(hw.buzzer.snapshot().patterns.map((p) => p.name)).toEqual(['command'])
  })

  it('never throws to the caller when an output fails, and reports it', async () => {
    const hw = createSimHardware()
    const broken: DigitalOut = {
      state: false,
      write: async () => {
        throw new Error('EIO')
      },
      close: async () => {},
    }
    const errors: unknown[] = []
    const fb = createFeedback({ ...hw, buzzer: broken }, { onError: (e) => errors.push(e) })
    expect(() => fb.signal('error')).not.toThrow()
    await vi.advanceTimersByTimeAsync(2000)
    await fb.settled()
    expect(errors.length).toBeGreaterThan(0)
    expect(hw.redLed.snapshot().writes).toBe(2)
  })

  it('stop turns everything off', async () => {
    const hw = createSimHardware()
    const fb = createFeedback(hw)
    fb.setConnectivity('online')
    fb.signal('accepted')
    await vi.advanceTimersByTimeAsync(10)
    fb.stop()
    await fb.settled()
    expect([hw.statusLed.state, hw.greenLed.state, hw.buzzer.state]).toEqual([false, false, false])
    expect(vi.getTimerCount()).toBe(0)
  })
})
