import {
  type Command,
  RETURN_BAD_PARAMETER,
  RETURN_CAPACITY_EXCEEDED,
  RETURN_ENROLL_ALREADY_ENROLLED,
  RETURN_ENROLL_CANCELLED,
  RETURN_ENROLL_DUPLICATE,
  RETURN_ENROLL_POOR_QUALITY,
  RETURN_NOT_SUPPORTED,
  RETURN_OK,
  RETURN_PIN_NOT_FOUND,
  RETURN_READ_WRITE_ERROR,
  RETURN_TIMEOUT,
} from '@webroster/protocol'
import type { EnrolFingerOutcome } from '../punch/fingerprint-library'
import type { CommandDeps, Execution } from './command-deps'

type EnrollFp = Extract<Command, { type: 'ENROLL_FP' }>['enroll']

/** ENROLL_FP's own result codes (protocol reference §8). */
const ENROLL_RETURN: Readonly<Record<EnrolFingerOutcome['outcome'], number>> = {
  enrolled: RETURN_OK,
  'already-enrolled': RETURN_ENROLL_ALREADY_ENROLLED,
  'poor-quality': RETURN_ENROLL_POOR_QUALITY,
  duplicate: RETURN_ENROLL_DUPLICATE,
  cancelled: RETURN_ENROLL_CANCELLED,
  timeout: RETURN_TIMEOUT,
  'library-full': RETURN_CAPACITY_EXCEEDED,
}

/** Poor images tried again at most this often, whatever RETRY asks. */
const MAX_RETRIES = 5

/**
 * `ENROLL_FP PIN=\tFID=\tRETRY=\tOVERWRITE=`: guides the person at the sensor (a double beep and
 * the green LED to place the finger, a tick to lift it), stores the template in the sensor and
 * the store, and queues it for the server as OPERLOG `FP`. A terminal without a fingerprint sensor
 * answers -1002; a PIN it does not know, -10 (the server installs the person first).
 */
export async function enrollFingerprint(deps: CommandDeps, e: EnrollFp): Promise<Execution> {
  const fingerprints = deps.fingerprints
  if (!fingerprints) return { returnCode: RETURN_NOT_SUPPORTED }
  const pin = e.pin.trim()
  const no = e.fid ?? 0
  if (pin === '' || !Number.isInteger(no) || no < 0 || no > 9) {
    return { returnCode: RETURN_BAD_PARAMETER }
  }
  if (!deps.store.findUserByPin(pin)) return { returnCode: RETURN_PIN_NOT_FOUND }
  const retries = Math.min(Math.max(e.retry ?? 0, 0), MAX_RETRIES)
  // A shutdown must not wait for a person who may never come (systemd stops the unit within seconds).
  const signal = deps.stopping?.()
  let outcome: EnrolFingerOutcome = { outcome: 'poor-quality' }
  try {
    for (let attempt = 0; attempt <= retries && outcome.outcome === 'poor-quality'; attempt++) {
      if (attempt > 0) fingerprints.signal('rejected')
      outcome = await fingerprints.library.enrol({
        pin,
        no,
        overwrite: e.overwrite === 1,
        captures: fingerprints.captures,
        stepTimeoutMs: fingerprints.stepTimeoutMs,
        ...(signal ? { signal } : {}),
        onPrompt: (prompt, capture) => {
          fingerprints.signal(prompt === 'lift' ? 'enrol-lift' : 'enrol-place')
          fingerprints.prompt?.({ step: prompt, capture, captures: fingerprints.captures })
        },
      })
    }
  } catch {
    // The sensor stopped answering mid-enrolment; it goes offline and recovers on its own.
    fingerprints.signal('error')
    fingerprints.prompt?.({ step: 'failed' })
    return { returnCode: RETURN_READ_WRITE_ERROR }
  }
  const enrolled = outcome.outcome === 'enrolled'
  fingerprints.signal(enrolled ? 'accepted' : 'rejected')
  fingerprints.prompt?.({ step: enrolled ? 'enrolled' : 'failed' })
  return { returnCode: ENROLL_RETURN[outcome.outcome] }
}
