import type { Timer } from '../core/timer'
import type { Hardware } from '../hardware/ports'
import { createPatternPlayer, type PatternPlayer } from './pattern-player'
import {
  BUZZER_PATTERNS,
  type FeedbackEvent,
  LED_MODES,
  type LedMode,
  RESULT_FLASH,
} from './patterns'

/** What the status LED reports; the sync loop sets it. */
export type Connectivity = 'online' | 'offline' | 'syncing'

/** Signals to the person at the terminal; 'duplicate' is the short "already punched" blip. */
export type FeedbackSignal = FeedbackEvent | 'duplicate'

/** LEDs and buzzer for the punch flow, the sync loop and the runtime; every call returns at once. */
export interface Feedback {
  /** Beeps and flashes for a moment in the punch flow or the command loop. */
  signal(event: FeedbackSignal): void
  /** Sets the status LED; repeating the current state keeps its blink phase. */
  setConnectivity(state: Connectivity): void
  readonly connectivity: Connectivity
  /** Turns every output off and stops patterns (shutdown). */
  stop(): void
  /** Resolves once every output write issued so far has settled. */
  settled(): Promise<void>
}

const STATUS_MODE: Record<Connectivity, LedMode> = {
  online: 'on',
  offline: 'slow-blink',
  syncing: 'fast-blink',
}

/** Which result LED flashes with each event: the boot lamp test lights both. */
const FLASHES: Readonly<Record<FeedbackEvent, readonly ('green' | 'red')[]>> = {
  accepted: ['green'],
  rejected: ['red'],
  error: ['red'],
  boot: ['green', 'red'],
  command: [],
  'enrol-place': ['green'],
  'enrol-lift': [],
}

/**
 * Creates the feedback over the hardware's outputs, offline until the sync loop has talked to the
 * server. A duplicate gets the faint command tick rather than the accept beep, so a held card does
 * not sound like a second punch. Output errors go to `onError` (for the log): a dead LED must
 * never break a punch.
 * @example const fb = createFeedback(hw); fb.signal('accepted'); fb.setConnectivity('online')
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
  let connectivity: Connectivity = 'offline'
  const showStatus = () => players.status.play(LED_MODES[STATUS_MODE[connectivity]])
  showStatus()
  return {
    signal(signal) {
      const event = signal === 'duplicate' ? 'command' : signal
      players.buzzer.play(BUZZER_PATTERNS[event])
      // A new result replaces the other colour's flash, so green and red are never lit together.
      if (event !== 'boot' && event !== 'command' && event !== 'enrol-lift') {
        for (const colour of ['green', 'red'] as const) {
          if (!FLASHES[event].includes(colour) && players[colour].playing) players[colour].stop()
        }
      }
      for (const colour of FLASHES[event]) players[colour].play(RESULT_FLASH)
    },
    setConnectivity(state) {
      if (state === connectivity && players.status.playing !== null) return
      connectivity = state
      showStatus()
    },
    get connectivity() {
      return connectivity
    },
    stop() {
      for (const p of Object.values(players)) p.stop()
    },
    settled: async () => {
      await Promise.all(Object.values(players).map((p) => p.settled()))
    },
  }
}
