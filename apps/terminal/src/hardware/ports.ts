/**
 * A credential read by a sensor: a card UID; a finger already matched to a person's PIN (the
 * simulator); or the library slot a fingerprint sensor matched, null when the finger matched none.
 */
export type Credential =
  | { kind: 'card'; card: string }
  | { kind: 'finger'; pin: string }
  | { kind: 'finger-slot'; slot: number | null }

/** One on/off output: an LED or the buzzer. `on` is the logical state, whatever the wiring polarity. */
export interface DigitalOut {
  write(on: boolean): Promise<void>
  readonly state: boolean
  /**
   * Optional hook for outputs that keep a log (the simulator): the feedback player names the
   * pattern it is about to play so `/state` can show it. Real GPIO outputs leave it out.
   */
  notePattern?(name: string): void
  close(): Promise<void>
}

/** The reader the punch flow polls. */
export interface CredentialSensor {
  /** Rejects with a clear error when the chip does not answer, so boot can report it. */
  probe(): Promise<void>
  /** Resolves with the next credential, or null when nothing new is presented. */
  poll(): Promise<Credential | null>
  close(): Promise<void>
}

/** The template formats a fingerprint sensor makes and takes. */
export type FingerprintFormat = 'as608'

/** What the person at the sensor is asked to do during an enrolment. */
export type EnrolPrompt = 'place' | 'lift' | 'place-again'

export interface EnrolRequest {
  /** The library slot the new template goes to. */
  slot: number
  /** Images taken of the finger: two are combined; a third is checked against the result. */
  captures: 2 | 3
  /** How long each step waits for the finger to come (or to go). */
  stepTimeoutMs: number
  signal?: AbortSignal
  onPrompt?(prompt: EnrolPrompt, capture: number): void
}

export type EnrolOutcome =
  | { outcome: 'enrolled'; template: Uint8Array }
  | { outcome: 'timeout' | 'poor-quality' | 'cancelled' }
  /** The finger is already in the library, at another slot. */
  | { outcome: 'duplicate'; slot: number }

/**
 * A fingerprint sensor that keeps its own template library and matches 1:N itself (AS608 / R30x).
 * Every method but identify() rejects when the sensor is not answering.
 */
export interface FingerprintSensor {
  readonly format: FingerprintFormat
  readonly online: boolean
  /** Library slots 0..capacity-1, as the sensor reported at its last probe. */
  readonly capacity: number
  probe(): Promise<void>
  /**
   * One look at the glass: null when no finger (or the same finger still resting there), else the
   * slot it matched. Never throws for sensor faults: it goes offline and re-probes with backoff.
   */
  identify(): Promise<{ slot: number | null } | null>
  enrol(request: EnrolRequest): Promise<EnrolOutcome>
  /** Puts a template into a slot (it replaces what the slot held). */
  install(slot: number, template: Uint8Array): Promise<void>
  remove(slot: number): Promise<void>
  clear(): Promise<void>
  count(): Promise<number>
  close(): Promise<void>
}

/** Everything on the terminal that touches the physical world. */
export interface Hardware {
  readonly greenLed: DigitalOut
  readonly redLed: DigitalOut
  readonly statusLed: DigitalOut
  readonly buzzer: DigitalOut
  /** Cards and fingers, as the punch flow polls them. */
  readonly sensor: CredentialSensor
  /** The optional display; absent when none is configured. */
  readonly display?: Display
  /** The fingerprint sensor's library and enrolment, when the terminal has one. */
  readonly fingerprint?: FingerprintSensor
  close(): Promise<void>
}

/**
 * A small character display (a 16×2 LCD, or an OLED drawn as a grid of 6×8 cells). Text is what
 * the driver can draw: the screen layer folds it to the display's character set.
 */
export interface Display {
  /** What the display shows, e.g. 'hd44780', 'ssd1306', 'sim'. */
  readonly kind: string
  readonly columns: number
  readonly rows: number
  /** Brings the controller up; rejects with a one-line reason when it does not answer. */
  init(): Promise<void>
  /** Shows these lines (cut to `columns`, missing rows blank); re-initialises after a fault. */
  show(lines: readonly string[]): Promise<void>
  /** Blanks the display (and its backlight) before the process lets go of it. */
  close(): Promise<void>
}
