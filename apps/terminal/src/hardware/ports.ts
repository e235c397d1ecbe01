/** A credential read by the sensor: a card UID, or a finger already matched to a person's PIN. */
export type Credential = { kind: 'card'; card: string } | { kind: 'finger'; pin: string }

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

/** Everything on the terminal that touches the physical world. */
export interface Hardware {
  readonly greenLed: DigitalOut
  readonly redLed: DigitalOut
  readonly statusLed: DigitalOut
  readonly buzzer: DigitalOut
  readonly sensor: CredentialSensor
  /** The optional display; absent when none is configured. */
  readonly display?: Display
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
