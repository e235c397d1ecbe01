import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DigitalOut } from '../hardware/ports'
import { createPatternPlayer } from './pattern-player'
import { BUZZER_PATTERNS, LED_MODES, type Pattern } from './patterns'

function recordingOut(options: { failAt?: number } = {}) {
  const writes: [number, boolean][] = []
  const notes: string[] = []
  let state = false
  const out: DigitalOut = {
    get state() {
      return state
    },
    async write(on) {
      if (options.failAt === writes.length) {
        writes.push([-1, on])
        throw new Error('EIO')
      }
      writes.push([Date.now(), on])
      state = on
    },
    notePattern: (name) => notes.push(name),
    async close() {},
  }
  return { out, writes, notes }
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createPatternPlayer', () => {
  it('plays a one-shot pattern with its exact timing and ends off', async () => {
    const rec = recordingOut()
    const player = createPatternPlayer(rec.out)
    player.play(BUZZER_PATTERNS.rejected)
    expect(player.playing).toBe('rejected')
    await vi.advanceTimersByTimeAsync(2000)
    expect(rec.writes).toEqual([
      [0, true],
      [400, false],
      [550, true],
      [950, false],
    ])
    expect(player.playing).toBeNull()
    expect(rec.notes).toEqual(['rejected'])
  })

  it('returns before anything is written: the caller is never blocked', () => {
    const rec = recordingOut()
    const player = createPatternPlayer(rec.out)
    player.play(BUZZER_PATTERNS.accepted)
    expect(rec.writes).toEqual([])
  })

  it('repeats a blink until another pattern replaces it', async () => {
    const rec = recordingOut()
    const player = createPatternPlayer(rec.out)
    player.play(LED_MODES['fast-blink'])
    await vi.advanceTimersByTimeAsync(450)
    expect(rec.writes.map(([, on]) => on)).toEqual([true, false, true, false, true])
    player.play(LED_MODES.off)
    await vi.advanceTimersByTimeAsync(5000)
    expect(rec.writes.at(-1)).toEqual([450, false])
    expect(rec.writes).toHaveLength(6)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('holds steady on without scheduling anything', async () => {
    const rec = recordingOut()
    const player = createPatternPlayer(rec.out)
    player.play(LED_MODES.on)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(rec.writes).toEqual([[0, true]])
    expect(rec.out.state).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('blinks slowly with a short flash and a long gap for offline', async () => {
    const rec = recordingOut()
    createPatternPlayer(rec.out).play(LED_MODES['slow-blink'])
    await vi.advanceTimersByTimeAsync(4000)
    expect(rec.writes.map(([t]) => t)).toEqual([0, 500, 2000, 2500, 4000])
  })

  it('stop turns the output off and cancels the pattern', async () => {
    const rec = recordingOut()
    const player = createPatternPlayer(rec.out)
    player.play(BUZZER_PATTERNS.error)
    await vi.advanceTimersByTimeAsync(100)
    player.stop()
    await player.settled()
    await vi.advanceTimersByTimeAsync(1000)
    expect(rec.writes).toEqual([
      [0, true],
      [80, false],
      [100, false],
    ])
    expect(player.playing).toBeNull()
  })

  it('reports a failing write and keeps playing', async () => {
    const rec = recordingOut({ failAt: 0 })
    const errors: unknown[] = []
    const player = createPatternPlayer(rec.out, { onError: (e) => errors.push(e) })
    player.play({ name: 'two', steps: [10, 10, 10], repeat: false } satisfies Pattern)
    await vi.advanceTimersByTimeAsync(100)
    expect(errors).toHaveLength(1)
    expect(rec.writes.map(([, on]) => on)).toEqual([true, false, true, false])
  })

  it('keeps writes in order when the output is slow', async () => {
    const order: boolean[] = []
    const slow: DigitalOut = {
      state: false,
      write: (on) =>
        new Promise((resolve) => {
          setTimeout(
            () => {
              order.push(on)
              resolve()
            },
            on ? 30 : 1,
          )
        }),
      async close() {},
    }
    createPatternPlayer(slow).play({ name: 'quick', steps: [5], repeat: false })
    await vi.advanceTimersByTimeAsync(100)
    expect(order).toEqual([true, false])
  })
})

describe('buzzer patterns', () => {
  it('are all distinct so each event can be told apart by ear', () => {
    const rhythms = Object.values(BUZZER_PATTERNS).map((p) => p.steps.join(','))
    expect(new Set(rhythms).size).toBe(rhythms.length)
    for (const p of Object.values(BUZZER_PATTERNS)) {
      expect(p.repeat).toBe(false)
      expect(p.steps.length % 2).toBe(1)
    }
  })
})
