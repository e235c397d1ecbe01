import type { DigitalOut } from '../ports'

/** What a simulated LED or buzzer shows, for the `/state` endpoint and tests. */
export type SimOutputState = {
  on: boolean
  /** Writes since start: lets a test see a blink even between two snapshots. */
  writes: number
  /** Most recent patterns first, at most `historyLimit` of them. */
  patterns: { at: number; name: string }[]
}

/** An in-memory output that remembers what it was told. */
export interface SimDigitalOut extends DigitalOut {
  snapshot(): SimOutputState
}

/**
 * Creates a simulated output. The history is bounded so a terminal left blinking for weeks does
 * not grow without limit.
 * @example const led = createSimDigitalOut(); await led.write(true); led.snapshot().on // true
 */
export function createSimDigitalOut(
  options: { historyLimit?: number; now?: () => number } = {},
): SimDigitalOut {
  const limit = options.historyLimit ?? 20
  const now = options.now ?? Date.now
  let on = false
  let writes = 0
  let closed = false
  const patterns: { at: number; name: string }[] = []
  return {
    get state() {
      return on
    },
    async write(value) {
      if (closed) throw new Error('simulated output written after close')
      on = value
      writes += 1
    },
    notePattern(name) {
      patterns.unshift({ at: now(), name })
      patterns.length = Math.min(patterns.length, limit)
    },
    snapshot: () => ({ on, writes, patterns: patterns.map((p) => ({ ...p })) }),
    async close() {
      closed = true
      on = false
    },
  }
}
