import { describe, expect, it } from 'vitest'
import { createSimHardware } from './sim-hardware'

describe('createSimHardware', () => {
  it('snapshots every output and the sensor queue, and closes them all', async () => {
    const hw = createSimHardware({ now: () => 7 })
    await hw.greenLed.write(true)
    hw.buzzer.notePattern?.('accepted')
    hw.sensor.present({ kind: 'card', card: '01' })
    const state = hw.snapshot()
    expect(state.greenLed.on).toBe(true)
    expect(state.redLed.on).toBe(false)
    expect(state.buzzer.patterns).toEqual([{ at: 7, name: 'accepted' }])
    expect(state.sensor.pending).toBe(1)
    await hw.close()
    expect(hw.greenLed.state).toBe(false)
    await expect(hw.sensor.poll()).rejects.toThrow(/after close/)
  })
})
