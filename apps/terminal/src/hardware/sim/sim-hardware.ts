import { fingerprintCredentials } from '../combined-sensor'
import type { Hardware } from '../ports'
import { createSimDigitalOut, type SimDigitalOut, type SimOutputState } from './sim-digital-out'
import { createSimDisplay, type SimDisplay, type SimDisplayState } from './sim-display'
import {
  createSimFingerprint,
  type SimFingerprint,
  type SimFingerprintState,
} from './sim-fingerprint'
import { createSimSensor, type SimSensor } from './sim-sensor'

/** Simulated hardware, with the sim-only controls exposed. */
export interface SimHardware extends Hardware {
  readonly greenLed: SimDigitalOut
  readonly redLed: SimDigitalOut
  readonly statusLed: SimDigitalOut
  readonly buzzer: SimDigitalOut
  readonly sensor: SimSensor
  readonly display: SimDisplay
  readonly fingerprint?: SimFingerprint
  snapshot(): SimHardwareState
}

/** Everything the `/state` endpoint shows about the simulated hardware. */
export type SimHardwareState = {
  greenLed: SimOutputState
  redLed: SimOutputState
  statusLed: SimOutputState
  buzzer: SimOutputState
  sensor: { pending: number }
  display: SimDisplayState
  fingerprint: SimFingerprintState | null
}

/** Creates the default, in-memory hardware used in dev, tests and e2e. */
export function createSimHardware(
  options: {
    now?: () => number
    display?: { kind?: string; columns: number; rows: number }
    /** Adds a simulated AS608-format fingerprint sensor (`fingerprint.port: "sim"`). */
    fingerprint?: boolean
  } = {},
): SimHardware {
  const out = () => createSimDigitalOut(options.now ? { now: options.now } : {})
  const greenLed = out()
  const redLed = out()
  const statusLed = out()
  const buzzer = out()
  const fingerprint = options.fingerprint ? createSimFingerprint() : undefined
  const sensor = createSimSensor(fingerprint ? { also: fingerprintCredentials(fingerprint) } : {})
  const display = createSimDisplay(options.display)
  return {
    greenLed,
    redLed,
    statusLed,
    buzzer,
    sensor,
    display,
    ...(fingerprint ? { fingerprint } : {}),
    snapshot: () => ({
      greenLed: greenLed.snapshot(),
      redLed: redLed.snapshot(),
      statusLed: statusLed.snapshot(),
      buzzer: buzzer.snapshot(),
      sensor: { pending: sensor.pending },
      display: display.snapshot(),
      fingerprint: fingerprint?.snapshot() ?? null,
    }),
    async close() {
      await Promise.all(
        [greenLed, redLed, statusLed, buzzer, sensor, display].map((p) => p.close()),
      )
    },
  }
}
