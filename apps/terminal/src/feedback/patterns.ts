/**
 * An output pattern as data: `steps` are durations in ms, alternating on, off, on, … starting
 * with on. A one-shot pattern ends off; a repeating one starts over. A non-finite step holds its
 * level until the next pattern, which is how "steady on" is spelled. No steps means off.
 */
export type Pattern = {
  readonly name: string
  readonly steps: readonly number[]
  readonly repeat: boolean
}

/** What the status LED says about the terminal. */
export type LedMode = 'on' | 'off' | 'slow-blink' | 'fast-blink'

/** Status LED modes: on = online and idle, slow blink = offline, fast blink = syncing a backlog. */
export const LED_MODES: Readonly<Record<LedMode, Pattern>> = {
  on: { name: 'on', steps: [Number.POSITIVE_INFINITY], repeat: false },
  off: { name: 'off', steps: [], repeat: false },
  'slow-blink': { name: 'slow-blink', steps: [500, 1500], repeat: true },
  'fast-blink': { name: 'fast-blink', steps: [100, 100], repeat: true },
}

/** Moments the terminal signals to the person in front of it. */
export type FeedbackEvent =
  | 'accepted'
  | 'rejected'
  | 'error'
  | 'boot'
  | 'command'
  | 'enrol-place'
  | 'enrol-lift'

/**
 * Buzzer patterns, told apart by rhythm alone since a plain buzzer has one pitch: one short beep
 * for yes, a long double for no, a stutter for a fault, a rising-feel run at boot and a faint
 * tick when a server command arrives (nobody is necessarily at the terminal then). Enrolment
 * asks for the finger with two quick beeps and for lifting it with one tick.
 */
export const BUZZER_PATTERNS: Readonly<Record<FeedbackEvent, Pattern>> = {
  accepted: { name: 'accepted', steps: [150], repeat: false },
  rejected: { name: 'rejected', steps: [400, 150, 400], repeat: false },
  error: { name: 'error', steps: [80, 80, 80, 80, 80, 80, 80], repeat: false },
  boot: { name: 'boot', steps: [50, 100, 50, 100, 300], repeat: false },
  command: { name: 'command', steps: [20], repeat: false },
  'enrol-place': { name: 'enrol-place', steps: [60, 60, 60], repeat: false },
  'enrol-lift': { name: 'enrol-lift', steps: [30], repeat: false },
}

/** How long the green or red LED stays lit after a punch. */
export const RESULT_FLASH: Pattern = { name: 'flash', steps: [1500], repeat: false }
