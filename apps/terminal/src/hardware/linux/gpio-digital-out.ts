import type { DigitalOut } from '../ports'

/** Electrical level of a GPIO line: 1 drives the pin high. */
export type Level = 0 | 1

/** A raw output line, already exported and set as an output (onoff's Gpio in production). */
export interface GpioLine {
  write(level: Level): Promise<void>
  /** Gives the line back to the kernel (sysfs unexport). */
  release(): Promise<void>
}

/** The level that means "off" for a line: high when the load is wired active-low. */
export function offLevel(activeLow: boolean): Level {
  return activeLow ? 1 : 0
}

/**
 * Wraps a line as a DigitalOut. Polarity is ours rather than onoff's `activeLow` option so the
 * line can be created already at its off level (`direction: 'high'`) and never glitches on.
 */
export function createGpioDigitalOut(line: GpioLine, options: { activeLow: boolean }): DigitalOut {
  let state = false
  let closed = false
  const level = (on: boolean): Level => (on !== options.activeLow ? 1 : 0)
  return {
    get state() {
      return state
    },
    async write(on) {
      if (closed) throw new Error('GPIO output written after close')
      await line.write(level(on))
      state = on
    },
    async close() {
      if (closed) return
      closed = true
      // A LED or buzzer left driven keeps shining or screaming after the process is gone.
      try {
        await line.write(level(false))
        state = false
      } finally {
        await line.release()
      }
    },
  }
}
