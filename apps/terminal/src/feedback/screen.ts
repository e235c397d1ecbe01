import { systemTimer, type Timer } from '../core/timer'
import type { Display } from '../hardware/ports'
import type { Connectivity } from './feedback'

/** What the screen reports when idle; read at every tick. */
export type ScreenState = {
  connectivity: Connectivity
  /** `pending`: the server knows the terminal but has not admitted it. */
  registration: 'unknown' | 'registered' | 'pending'
  /** Punches committed here and not yet accepted by the server. */
  waiting: number
}

/** A punch as the person at the terminal should see it. */
export type PunchScreenEvent =
  | { kind: 'accepted'; name: string; status: number; time: string }
  | { kind: 'duplicate'; name: string }
  | {
      kind: 'refused'
      reason: 'unknown' | 'not-yet-valid' | 'expired'
      credential: 'card' | 'finger'
      name?: string
    }

/** What the display shows: the clock and state, a punch for a few seconds, or a prompt. */
export interface Screen {
  /** The lines on the display now, trailing spaces cut (for `/state` and the log). */
  readonly lines: readonly string[]
  /** Shows a punch for a few seconds, then the clock again. */
  showPunch(event: PunchScreenEvent): void
  /**
   * Shows a prompt (enrolment: "Place finger", "Lift finger", "Again (2/3)") until the next prompt,
   * `null`, or `timeoutMs` (default two minutes, so a dropped flow cannot hide the clock for good).
   */
  prompt(text: string | null, options?: { timeoutMs?: number }): void
  /** Starts the clock; the display is initialised first and a failure reported once. */
  start(): void
  /** Stops the clock (the hardware blanks the display on close). */
  stop(): void
  /** Resolves once every write issued so far has settled. */
  settled(): Promise<void>
}

/** ATTLOG status codes as words (protocol §6: 0 in, 1 out, 2 break out, 3 break in, 4/5 overtime). */
const STATUS_WORDS: Readonly<Record<number, string>> = {
  0: 'IN',
  1: 'OUT',
  2: 'BREAK OUT',
  3: 'BREAK IN',
  4: 'OT IN',
  5: 'OT OUT',
}

const REFUSALS = {
  unknown: { card: 'Refused: unknown card', finger: 'Refused: finger not known' },
  'not-yet-valid': 'Refused: not valid yet',
  expired: 'Refused: access expired',
} as const

/** Where an enrolment at the terminal is, as the screen words it. */
export type EnrolmentStep =
  | { step: 'place' | 'place-again' | 'lift'; capture: number; captures: number }
  | { step: 'enrolled' | 'failed' }

/** The enrolment prompt the person reads, e.g. "Place finger (1/2)" or "Lift finger". */
export function enrolmentText(e: EnrolmentStep): string {
  switch (e.step) {
    case 'place':
      return `Place finger (${e.capture}/${e.captures})`
    case 'place-again':
      return `Place it again (${e.capture}/${e.captures})`
    case 'lift':
      return 'Lift finger'
    case 'enrolled':
      return 'Finger enrolled'
    case 'failed':
      return 'Enrolment failed'
  }
}

/** Words wrapped to `columns`, a word longer than a line cut into pieces; at most `rows` lines. */
export function wrap(text: string, columns: number, rows: number): string[] {
  const lines: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word
      while (rest.length > 0) {
        const gap = line === '' ? '' : ' '
        if (line.length + gap.length + rest.length <= columns) {
          line += gap + rest
          rest = ''
        } else if (line !== '') {
          lines.push(line)
          line = ''
        } else {
          lines.push(rest.slice(0, columns))
          rest = rest.slice(columns)
        }
      }
    }
    lines.push(line)
  }
  return lines.slice(0, rows)
}

/**
 * The lines of a punch event. A greeting keeps the punch state and time on its last line, so a
 * long name is what gets cut (and "Welcome," dropped first), never the "IN 09:01" the person looks for.
 */
export function punchLines(event: PunchScreenEvent, columns: number, rows: number): string[] {
  if (event.kind === 'accepted') {
    const status = STATUS_WORDS[event.status] ?? `STATE ${event.status}`
    const stamp = `${status} ${event.time.slice(11, 16)}`
    const greeting = `Welcome, ${event.name} —`
    if (rows < 2) return [`${event.name} ${stamp}`]
    // Where "Welcome," does not fit beside the name, the name alone is the greeting.
    const full = wrap(greeting, columns, Number.POSITIVE_INFINITY)
    const top = full.length <= rows - 1 ? full : wrap(event.name, columns, rows - 1)
    return [...top, stamp]
  }
  return wrap(punchText(event), columns, rows)
}

/** The text of a refusal or a repeat. */
function punchText(event: Exclude<PunchScreenEvent, { kind: 'accepted' }>): string {
  if (event.kind === 'duplicate') return `Already punched, ${event.name}`
  const refusal = REFUSALS[event.reason]
  return typeof refusal === 'string' ? refusal : refusal[event.credential]
}

/** The idle state line, in the longest form that fits `columns`. */
export function stateText(state: ScreenState, columns: number): string {
  const forms =
    state.registration === 'pending'
      ? ['Waiting for server approval', 'Pending approval', 'Pending']
      : state.connectivity === 'offline'
        ? state.waiting > 0
          ? [`Offline, ${state.waiting} punches waiting`, `Offline, ${state.waiting} waiting`]
          : ['Offline']
        : state.waiting > 0
          ? [`Sending ${state.waiting} punches`, `Sending ${state.waiting}`]
          : ['Ready']
  return forms.find((f) => f.length <= columns) ?? forms[forms.length - 1] ?? ''
}

export type ScreenOptions = {
  /** The device's wall clock, `YYYY-MM-DD HH:MM:SS`. */
  clock: { wallClock(): string }
  state: () => ScreenState
  timer?: Timer
  /** How long a punch stays on the display. */
  messageMs?: number
  /** Told once when the display fails, and again after it recovered and failed anew. */
  onError?: (error: unknown) => void
  onRecovered?: () => void
}

const TICK_MS = 1000
const DEFAULT_PROMPT_MS = 120_000

/**
 * Creates the screen over a display. Every second it renders the clock (`YYYY-MM-DD HH:MM`, which
 * fills a 16-column row) and the state, or the punch or prompt on top; a write happens only when
 * the text changed, and a write still in flight is followed by the latest text only. Without a
 * display it still keeps `lines`, so `/state` can show what a display would.
 * @example const screen = createScreen(hw.display, { clock, state }); screen.start()
 */
export function createScreen(display: Display | undefined, options: ScreenOptions): Screen {
  const timer = options.timer ?? systemTimer
  const messageMs = options.messageMs ?? 4000
  const columns = display?.columns ?? 16
  const rows = display?.rows ?? 2
  let message: { lines: string[]; until: number } | undefined
  let lines: string[] = []
  let running = false
  let tick: unknown
  let writing: Promise<void> = Promise.resolve()
  let queued: string[] | undefined
  let inFlight = false
  let failed = false

  const compose = (): string[] => {
    const now = timer.now()
    if (message && now < message.until) return message.lines
    message = undefined
    const wall = options.clock.wallClock()
    const clockLine = wall.slice(0, 16)
    return [clockLine, ...wrap(stateText(options.state(), columns), columns, rows - 1)]
  }

  const flush = () => {
    if (!display || inFlight || !queued) return
    const next = queued
    queued = undefined
    inFlight = true
    writing = display
      .show(next)
      .then(
        () => {
          if (failed) options.onRecovered?.()
          failed = false
        },
        (error: unknown) => {
          if (!failed) options.onError?.(error)
          failed = true
        },
      )
      .finally(() => {
        inFlight = false
        flush()
      })
  }

  const render = () => {
    const next = compose()
    // After a failed write the same text is tried again: a replugged display gets its content back.
    if (next.join('\n') === lines.join('\n') && !failed) return
    lines = next
    if (!display) return
    queued = next
    flush()
  }

  const schedule = () => {
    tick = timer.setTimeout(() => {
      if (!running) return
      render()
      schedule()
    }, TICK_MS)
  }

  const showFor = (shown: string[], ms: number) => {
    message = { lines: shown, until: timer.now() + ms }
    render()
  }

  return {
    get lines() {
      return lines.map((l) => l.trimEnd())
    },
    showPunch(event) {
      showFor(punchLines(event, columns, rows), messageMs)
    },
    prompt(text, promptOptions = {}) {
      if (text === null) message = undefined
      else showFor(wrap(text, columns, rows), promptOptions.timeoutMs ?? DEFAULT_PROMPT_MS)
      render()
    },
    start() {
      if (running) return
      running = true
      if (display) {
        writing = display.init().catch((error: unknown) => {
          failed = true
          options.onError?.(error)
        })
        inFlight = true
        writing = writing.finally(() => {
          inFlight = false
          flush()
        })
      }
      render()
      schedule()
    },
    stop() {
      running = false
      if (tick !== undefined) timer.clearTimeout(tick)
      tick = undefined
    },
    async settled() {
      // A write finishing may start the queued one: wait until nothing is left.
      while (inFlight || queued) await writing
    },
  }
}
