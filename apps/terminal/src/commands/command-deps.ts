import type { DeviceClock } from '../clock/device-clock'
import type { FeedbackSignal } from '../feedback/feedback'
import type { EnrolmentStep } from '../feedback/screen'
import type { FingerprintLibrary } from '../punch/fingerprint-library'
import type { Store } from '../store/store'
import type { PunchRecord } from '../store/types'

/** What executing server commands may touch: the store, the clock and the sync loop. */
export interface CommandDeps {
  store: Store
  clock: Pick<DeviceClock, 'setFromZkSeconds' | 'wallClock'>
  sn: string
  version: string
  /** The addresses INFO reports. */
  network(): { ip: string; mac: string }
  /** Uploads these punches as ATTLOG (already-sent ones too); rejects unless accepted. */
  uploadPunches(punches: readonly PunchRecord[]): Promise<number>
  /** Uploads these OPERLOG lines; rejects unless accepted. */
  uploadOperlog(lines: readonly string[]): Promise<number>
  /** Pushes the unsent backlog now; rejects if the server did not take it. */
  flush(): Promise<void>
  /** Asks the sync loop to handshake again before its next poll (`CHECK`). */
  recheck(): void
  /** Server options changed (`SET OPTION`): the loop re-reads Delay, Realtime… */
  optionsChanged(): void
  /** The fingerprint sensor's library and enrolment, when the terminal has a sensor. */
  fingerprints?: FingerprintCommands
  /** Aborts when the terminal stops: a command waiting on a person (enrolment) gives up then. */
  stopping?(): AbortSignal | undefined
}

/** What fingerprint commands need: the library, how enrolment runs, and the person's feedback. */
export interface FingerprintCommands {
  library: Pick<FingerprintLibrary, 'enrol' | 'format'>
  captures: 2 | 3
  stepTimeoutMs: number
  signal(event: FeedbackSignal): void
  /** Tells the person at the display where the enrolment is. */
  prompt?(step: EnrolmentStep): void
  /** Templates changed in the store: the sensor's library catches up in the background. */
  templatesChanged(): void
}

/** The outcome of one command, before it becomes a devicecmd result line. */
export interface Execution {
  returnCode: number
  /** INFO: `Key=Value` lines after the result line. */
  info?: Record<string, string>
  /** REBOOT / CONTROL DEVICE 03: reboot once the result has been sent. */
  reboot?: boolean
}
