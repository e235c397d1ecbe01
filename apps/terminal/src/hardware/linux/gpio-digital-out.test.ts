import { describe, expect, it } from 'vitest'
import { createGpioDigitalOut, type GpioLine, type Level, offLevel } from './gpio-digital-out'
import { type OnoffGpio, openOnoffLine } from './onoff-line'

function fakeLine(options: { failWrites?: boolean } = {}) {
  const levels: Level[] = []
  let released = 0
  const line: GpioLine = {
    async write(level) {
      if (options.failWrites) throw new Error('EIO')
      levels.push(level)
    },
    async release() {
      released += 1
    },
  }
  return { line, levels, released: () => released }
}

describe('createGpioDigitalOut', () => {
  it('drives the pin high for on when wired active-high', async () => {
    const fake = fakeLine()
    const out = createGpioDigitalOut(fake.line, { activeLow: false })
    await out.write(true)
    expect(out.state).toBe(true)
    await out.write(false)
    expect(fake.levels).toEqual([1, 0])
  })

  it('inverts the level when wired active-low, and reports the logical state', async () => {
    const fake = fakeLine()
    const out = createGpioDigitalOut(fake.line, { activeLow: true })
    await out.write(true)
    expect(fake.levels).toEqual([0])
    expect(out.state).toBe(true)
  })

  it('turns the load off and releases the pin on close, once', async () => {
    const fake = fakeLine()
    const out = createGpioDigitalOut(fake.line, { activeLow: true })
    await out.write(true)
    await out.close()
    await out.close()
    expect(fake.levels).toEqual([0, 1])
    expect(fake.released()).toBe(1)
    expect(out.state).toBe(false)
    await expect(out.write(true)).rejects.toThrow(/after close/)
  })

  it('still releases the pin when the final write fails', async () => {
    const fake = fakeLine({ failWrites: true })
    const out = createGpioDigitalOut(fake.line, { activeLow: false })
    await expect(out.close()).rejects.toThrow('EIO')
    expect(fake.released()).toBe(1)
  })

  it('keeps the previous state when a write fails', async () => {
    const fake = fakeLine({ failWrites: true })
    const out = createGpioDigitalOut(fake.line, { activeLow: false })
    await expect(out.write(true)).rejects.toThrow('EIO')
    expect(out.state).toBe(false)
  })
})

describe('offLevel', () => {
  it('is high for active-low loads', () => {
    expect(offLevel(true)).toBe(1)
    expect(offLevel(false)).toBe(0)
  })
})

describe('openOnoffLine', () => {
  it('creates the Gpio at its initial level with the resolved number and unexports it', async () => {
    const calls: string[] = []
    class FakeGpio implements OnoffGpio {
      constructor(gpio: number, direction: 'high' | 'low') {
        calls.push(`new ${gpio} ${direction}`)
      }
      async write(value: Level) {
        calls.push(`write ${value}`)
      }
      unexport() {
        calls.push('unexport')
      }
    }
    const line = openOnoffLine(FakeGpio, 529, offLevel(true))
    await line.write(0)
    await line.release()
    expect(calls).toEqual(['new 529 high', 'write 0', 'unexport'])
  })
})
