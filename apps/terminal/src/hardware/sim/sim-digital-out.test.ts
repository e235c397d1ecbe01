import { describe, expect, it } from 'vitest'
import { createSimDigitalOut } from './sim-digital-out'

describe('createSimDigitalOut', () => {
  it('records state, write count and the latest patterns, bounded', async () => {
    let t = 0
    const led = createSimDigitalOut({ historyLimit: 2, now: () => ++t })
    await led.write(true)
    expect(led.state).toBe(true)
    led.notePattern?.('a')
    led.notePattern?.('b')
    led.notePattern?.('c')
    expect(led.snapshot()).toEqual({
      on: true,
      writes: 1,
      patterns: [
        { at: 3, name: 'c' },
        { at: 2, name: 'b' },
      ],
    })
  })

  it('hands out copies so callers cannot rewrite its history', () => {
    const led = createSimDigitalOut()
    led.notePattern?.('x')
    led.snapshot().patterns.length = 0
    expect(led.snapshot().patterns).toHaveLength(1)
  })

  it('is off and refuses writes after close', async () => {
    const led = createSimDigitalOut()
    await led.write(true)
    await led.close()
    expect(led.state).toBe(false)
    await expect(led.write(true)).rejects.toThrow(/after close/)
  })
})
