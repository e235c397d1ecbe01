import { systemTimer, type Timer } from '../core/timer'
import type { DigitalOut } from '../hardware/ports'
import type { Pattern } from './patterns'

/** Plays patterns on one output, each new pattern replacing the current one. */
export interface PatternPlayer {
  /** Starts `pattern` and returns at once; output errors go to `onError`, never to the caller. */
  play(pattern: Pattern): void
  /** Stops the current pattern and turns the output off. */
  stop(): void
  /** Name of the pattern still running, or null. */
  readonly playing: string | null
  /** Resolves once every write issued so far has settled. */
  settled(): Promise<void>
}

/**
 * Creates a player for `out`. Writes are chained so they reach the output in order even when one
 * is slow, and a failing write is reported without stopping the pattern.
 * @example createPatternPlayer(hw.buzzer).play(BUZZER_PATTERNS.accepted)
 */
export function createPatternPlayer(
  out: DigitalOut,
  options: { timer?: Timer; onError?: (error: unknown) => void } = {},
): PatternPlayer {
  const timer = options.timer ?? systemTimer
  const onError = options.onError ?? (() => {})
  let chain: Promise<void> = Promise.resolve()
  let pending: unknown
  let playing: string | null = null

  const write = (on: boolean) => {
    chain = chain.then(() => out.write(on)).catch(onError)
  }
  const cancel = () => {
    if (pending !== undefined) timer.clearTimeout(pending)
    pending = undefined
  }
  const step = (pattern: Pattern, index: number) => {
    pending = undefined
    let i = index
    if (i >= pattern.steps.length) {
      if (!pattern.repeat || pattern.steps.length === 0) {
        write(false)
        playing = null
        return
      }
      i = 0
    }
    const duration = pattern.steps[i] ?? 0
    write(i % 2 === 0)
    if (Number.isFinite(duration)) {
      pending = timer.setTimeout(() => step(pattern, i + 1), duration)
    }
  }

  return {
    play(pattern) {
      cancel()
      playing = pattern.name
      out.notePattern?.(pattern.name)
      step(pattern, 0)
    },
    stop() {
      cancel()
      playing = null
      write(false)
    },
    get playing() {
      return playing
    },
    settled: () => chain,
  }
}
