import {
  BUZZER_PATTERNS,
  type FeedbackEvent,
  LED_MODES,
  type LedMode,
  RESULT_FLASH,
} from './feedback-patterns'
import { createPatternPlayer, type PatternPlayer } from './pattern-player'
import type { Hardware } from './ports'
import type { Timer } from './timer'

/** LED and buzzer feedback for the punch flow and the supervisor; every call returns at once. */
export interface Feedback {
  /** Sets the status LED mode; repeating the current mode keeps its blink phase. */
  setStatus(mode: LedMode): void
  readonly status: LedMode
  /** Beeps and flashes for a moment in the punch flow or the command loop. */
  signal(event: FeedbackEvent): void
  /** Turns every output off (shutdown). */
  stop(): void
  /** Resolves when every output write issued so far has settled. */
  settled(): Promise<void>
}

/** Which result LED flashes with each event: the boot lamp test lights both. */
const FLASHES: Readonly<Record<FeedbackEvent, readonly ('green' | 'red')[]>> = {
  accepted: ['green'],
  rejected: ['red'],
  error: ['red'],
  boot: ['green', 'red'],
  command: [],
}

/**
 * Creates the feedback driver over the hardware's outputs. Output errors go to `onError` (for the
 * log): a dead LED must never break a punch.
 * @example const fb = createFeedback(hw); fb.signal('accepted'); fb.setStatus('slow-blink')
 */
export function createFeedback(
  outputs: Pick<Hardware, 'greenLed' | 'redLed' | 'statusLed' | 'buzzer'>,
  options: { timer?: Timer; onError?: (error: unknown) => void } = {},
): Feedback {
  const player = (out: Hardware['buzzer']) => createPatternPlayer(out, options)
  const players: Record<'green' | 'red' | 'status' | 'buzzer', PatternPlayer> = {
    green: player(outputs.greenLed),
    red: player(outputs.redLed),
    status: player(outputs.statusLed),
    buzzer: player(outputs.buzzer),
  }
  let status: LedMode = 'off'
  return {
    setStatus(mode) {
      if (mode === status && players.status.playing !== null) return
      status = mode
      players.status.play(LED_MODES[mode])
    },
    get status() {
      return status
    },
    signal(event) {
      players.buzzer.play(BUZZER_PATTERNS[event])
      // A new result replaces the other colour's flash, so green and red are never lit together.
      if (event !== 'boot' && event !== 'command') {
        for (const colour of ['green', 'red'] as const) {
          if (!FLASHES[event].includes(colour) && players[colour].playing) players[colour].stop()
        }
      }
      for (const colour of FLASHES[event]) players[colour].play(RESULT_FLASH)
    },
    stop() {
      status = 'off'
      for (const p of Object.values(players)) p.stop()
    },
    settled: async () => {
      await Promise.all(Object.values(players).map((p) => p.settled()))
    },
  }
}
