import type { EnrolOutcome, EnrolPrompt, EnrolRequest, FingerprintSensor } from '../ports'

/** The simulated fingerprint sensor, with the finger on its glass set by the test or sim control. */
export interface SimFingerprint extends FingerprintSensor {
  /** Rests a finger (any id: the same id matches itself) on the glass, or lifts it with null. */
  place(finger: string | null): void
  snapshot(): SimFingerprintState
}

export type SimFingerprintState = {
  finger: string | null
  /** What a running enrolment last asked the person to do; null when none runs. */
  prompt: EnrolPrompt | null
  slots: number
}

const TEMPLATE_SIZE = 512
const MARK = 'WEBROSTER-SIM-FINGER '

/** A template that names its finger, padded to an AS608 template's size. */
function templateOf(finger: string): Uint8Array {
  const out = new Uint8Array(TEMPLATE_SIZE)
  out.set(new TextEncoder().encode(`${MARK}${finger}\n`).subarray(0, TEMPLATE_SIZE))
  return out
}

function fingerOf(template: Uint8Array): string | null {
  const text = new TextDecoder().decode(template)
  if (!text.startsWith(MARK)) return null
  return text.slice(MARK.length, text.indexOf('\n'))
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A fingerprint sensor in memory that behaves as the AS608 driver's wrapper does: its own library
 * of slots, 1:N matching, one report per placement, enrolment that waits for the finger to come
 * and go. Its templates are the size and format of AS608 ones, so a simulated terminal with it
 * takes part in the fan-out like a real one (development and the end-to-end suite).
 * @example const fp = createSimFingerprint(); fp.place('ana-right-index')
 */
export function createSimFingerprint(options: { capacity?: number; lookMs?: number } = {}) {
  const capacity = options.capacity ?? 300
  const lookMs = options.lookMs ?? 20
  const library = new Map<number, Uint8Array>()
  let finger: string | null = null
  let fingerDown = false
  let prompt: EnrolPrompt | null = null
  let closed = false

  const match = (id: string): number | null => {
    for (const [slot, template] of [...library].sort(([a], [b]) => a - b)) {
      if (fingerOf(template) === id) return slot
    }
    return null
  }
  /** Waits for a finger (or for none); false on timeout, null when aborted. */
  const waitFor = async (present: boolean, request: EnrolRequest): Promise<boolean | null> => {
    const deadline = Date.now() + request.stepTimeoutMs
    for (;;) {
      if (request.signal?.aborted || closed) return null
      if ((finger !== null) === present) return true
      if (Date.now() >= deadline) return false
      await sleep(lookMs)
    }
  }
  const ask = (request: EnrolRequest, next: EnrolPrompt, capture: number) => {
    prompt = next
    request.onPrompt?.(next, capture)
  }
  const enrolSteps = async (request: EnrolRequest): Promise<EnrolOutcome> => {
    let first: string | null = null
    for (let capture = 1; capture <= request.captures; capture++) {
      ask(request, capture === 1 ? 'place' : 'place-again', capture)
      const placed = await waitFor(true, request)
      if (placed === null) return { outcome: 'cancelled' }
      if (!placed) return { outcome: 'timeout' }
      const seen = finger ?? ''
      if (capture === 1) {
        first = seen
        const known = match(seen)
        if (known !== null && known !== request.slot) return { outcome: 'duplicate', slot: known }
      } else if (seen !== first) {
        return { outcome: 'poor-quality' }
      }
      if (capture < request.captures) {
        ask(request, 'lift', capture)
        const lifted = await waitFor(false, request)
        if (lifted === null) return { outcome: 'cancelled' }
        if (!lifted) return { outcome: 'timeout' }
      }
    }
    const template = templateOf(first ?? '')
    library.set(request.slot, template)
    return { outcome: 'enrolled', template }
  }

  const sensor: SimFingerprint = {
    format: 'as608',
    online: true,
    capacity,
    place(next) {
      finger = next
    },
    snapshot: () => ({ finger, prompt, slots: library.size }),
    async probe() {},
    async identify() {
      if (closed) throw new Error('simulated fingerprint sensor polled after close')
      if (prompt !== null) return null
      if (finger === null) fingerDown = false
      if (finger === null || fingerDown) return null
      fingerDown = true
      return { slot: match(finger) }
    },
    async enrol(request) {
      try {
        return await enrolSteps(request)
      } finally {
        prompt = null
        fingerDown = true
      }
    },
    async install(slot, template) {
      if (slot < 0 || slot >= capacity) throw new RangeError(`slot ${slot} outside the library`)
      library.set(slot, template)
    },
    async remove(slot) {
      library.delete(slot)
    },
    async clear() {
      library.clear()
    },
    async count() {
      return library.size
    },
    async close() {
      closed = true
    },
  }
  return sensor
}
