import { createFeedback, type Feedback } from '../hardware/feedback'
import type { FeedbackEvent, LedMode } from '../hardware/feedback-patterns'
import type { Hardware } from '../hardware/ports'
import type { Timer } from '../hardware/timer'

/** What the status LED reports; the sync loop sets it. */
export type Connectivity = 'online' | 'offline' | 'syncing'

/** Signals to the person at the terminal; 'duplicate' is the short "already punched" blip. */
export type FeedbackSignal = FeedbackEvent | 'duplicate'

/** LEDs and buzzer in the runtime's terms. Every call returns at once: nothing here waits. */
export interface TerminalFeedback {
  signal(event: FeedbackSignal): void
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

/**
 * Maps runtime events onto the hardware feedback driver. A duplicate gets the faint command tick
 * rather than the accept beep, so a held card does not sound like a second punch.
 */
export function createTerminalFeedback(
  outputs: Pick<Hardware, 'greenLed' | 'redLed' | 'statusLed' | 'buzzer'>,
  options: { timer?: Timer; onError?: (error: unknown) => void } = {},
): TerminalFeedback {
  const driver: Feedback = createFeedback(outputs, options)
  // Offline until the sync loop has talked to the server.
  let connectivity: Connectivity = 'offline'
  driver.setStatus(STATUS_MODE[connectivity])
  return {
    signal: (event) => driver.signal(event === 'duplicate' ? 'command' : event),
    setConnectivity(state) {
      connectivity = state
      driver.setStatus(STATUS_MODE[state])
    },
    get connectivity() {
      return connectivity
    },
    stop: () => driver.stop(),
    settled: () => driver.settled(),
  }
}
