import { sleep, systemTimer, type Timer } from '../../core/timer'
import type { EnrolOutcome, EnrolRequest, FingerprintSensor } from '../ports'
import { type As608, AuraColour, AuraMode } from './as608'
import { As608CommandError, As608Error } from './as608-errors'

/** An opened sensor: its driver and how to release the serial port under it. */
export type As608Connection = { as608: As608; close(): Promise<void> }

export type As608SensorOptions = {
  /** Opens the serial port and builds the driver; called again after the sensor was lost. */
  open: () => Promise<As608Connection>
  timer?: Timer
  /** First and largest delay between re-probes of a lost sensor (ms). */
  backoff?: { initialMs: number; maxMs: number }
  /** Gap between images while an enrolment waits for the finger (ms). */
  imagePollMs?: number
  /** Told when the sensor goes away or comes back, for logs and the status LED. */
  onStatus?: (online: boolean, error?: unknown) => void
}

/** A FingerprintSensor over an AS608 that survives the sensor going quiet or being unplugged. */
export interface As608Sensor extends FingerprintSensor {
  /** Whether the sensor has the R503's ring LED (found at probe). */
  readonly ringLed: boolean
}

/**
 * Wraps an AS608 / R30x as the terminal's fingerprint sensor. A fault the sensor did not answer
 * (timeout, damaged packets, a port gone) closes the port and marks it offline; identify() then
 * re-opens and re-probes with exponential backoff, so the sensor loop keeps running. An answer the
 * sensor gave (a slot beyond its library, a flash error) leaves it online. Operations that use the
 * character buffers (identify, enrol, install) run one at a time, because each is several
 * exchanges over the same two buffers; identify gives way to a running enrolment.
 * @example const sensor = createAs608Sensor({ open }); await sensor.probe()
 */
export function createAs608Sensor(options: As608SensorOptions): As608Sensor {
  const timer = options.timer ?? systemTimer
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 250, maxMs: 30_000 }
  const imagePollMs = options.imagePollMs ?? 100
  let connection: As608Connection | null = null
  let online = false
  let closed = false
  let capacity = 0
  let ringLed = false
  let delay = initialMs
  let nextProbeAt = 0
  /** A finger that was identified stays on the glass: it is reported once, not on every look. */
  let fingerDown = false
  let busy = false
  let lock: Promise<unknown> = Promise.resolve()

  const setOnline = (value: boolean, error?: unknown) => {
    if (value === online) return
    online = value
    options.onStatus?.(value, error)
  }
  const goOffline = async (error: unknown) => {
    setOnline(false, error)
    fingerDown = false
    nextProbeAt = timer.now() + delay
    delay = Math.min(delay * 2, maxMs)
    const lost = connection
    connection = null
    // A closed port is reopened at the next probe: a replugged USB adapter needs a fresh handle.
    await lost?.close().catch(() => {})
  }
  const configure = async (): Promise<As608> => {
    if (connection && online) return connection.as608
    connection ??= await options.open()
    const { as608 } = connection
    if (!(await as608.verifyPassword())) {
      throw new As608Error('fingerprint sensor refused the password (fingerprint.password)')
    }
    capacity = (await as608.readSystemParameters()).capacity
    ringLed = await as608.auraLed(AuraMode.Breathing, AuraColour.Blue)
    delay = initialMs
    setOnline(true)
    return as608
  }
  /** Runs `use` with exclusive use of the sensor; faults it did not answer take it offline. */
  const exclusive = <T>(use: (as608: As608) => Promise<T>): Promise<T> => {
    const run = async () => {
      if (closed) throw new Error('fingerprint sensor used after close')
      busy = true
      try {
        const as608 = await configure()
        return await use(as608)
      } catch (error) {
        // A refusal the sensor answered, or a bad argument of ours, says nothing about the link.
        if (!(error instanceof As608CommandError || error instanceof RangeError)) {
          await goOffline(error)
        }
        throw error
      } finally {
        busy = false
      }
    }
    const result = lock.then(run, run)
    lock = result.catch(() => {})
    return result
  }
  const led = async (as608: As608, mode: number, colour: number) => {
    if (ringLed) await as608.auraLed(mode, colour)
  }

  /** Takes images until a finger is there (or gone); false on timeout, null when cancelled. */
  const waitFor = async (
    as608: As608,
    present: boolean,
    request: EnrolRequest,
  ): Promise<boolean | null> => {
    const deadline = timer.now() + request.stepTimeoutMs
    for (;;) {
      if (request.signal?.aborted) return null
      const image = await as608.captureImage()
      if (present ? image === 'ok' : image === 'no-finger') return true
      if (timer.now() >= deadline) return false
      await sleep(timer, imagePollMs)
    }
  }

  const enrolWith = async (as608: As608, request: EnrolRequest): Promise<EnrolOutcome> => {
    for (let capture = 1; capture <= request.captures; capture++) {
      request.onPrompt?.(capture === 1 ? 'place' : 'place-again', capture)
      await led(as608, AuraMode.Breathing, AuraColour.Purple)
      const placed = await waitFor(as608, true, request)
      if (placed === null) return { outcome: 'cancelled' }
      if (!placed) return { outcome: 'timeout' }
      const buffer = capture === 1 ? 1 : 2
      if ((await as608.imageToCharacteristics(buffer)) === 'poor-image') {
        return { outcome: 'poor-quality' }
      }
      if (capture === 1) {
        const known = await as608.search(1, 0, capacity)
        if (known && known.slot !== request.slot) return { outcome: 'duplicate', slot: known.slot }
      } else if (capture === 2) {
        // RegModel leaves the template in both buffers; a third image is checked against buffer 1.
        if (!(await as608.createModel())) return { outcome: 'poor-quality' }
      } else if ((await as608.match()) === 0) {
        return { outcome: 'poor-quality' }
      }
      if (capture < request.captures) {
        request.onPrompt?.('lift', capture)
        await led(as608, AuraMode.On, AuraColour.Blue)
        const lifted = await waitFor(as608, false, request)
        if (lifted === null) return { outcome: 'cancelled' }
        if (!lifted) return { outcome: 'timeout' }
      }
    }
    await as608.storeModel(1, request.slot)
    const template = await as608.uploadCharacteristics(1)
    return { outcome: 'enrolled', template }
  }

  return {
    format: 'as608',
    get online() {
      return online
    },
    get capacity() {
      return capacity
    },
    get ringLed() {
      return ringLed
    },
    async probe() {
      try {
        await exclusive(async () => {})
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error)
        throw new As608Error(`fingerprint sensor not found or not answering: ${why}`, {
          cause: error,
        })
      }
    },
    async identify() {
      if (closed) throw new Error('fingerprint sensor polled after close')
      if (busy || (!online && timer.now() < nextProbeAt)) return null
      try {
        return await exclusive(async (as608) => {
          const image = await as608.captureImage()
          if (image === 'no-finger') fingerDown = false
          if (image !== 'ok' || fingerDown) return null
          fingerDown = true
          if ((await as608.imageToCharacteristics(1)) === 'poor-image') return { slot: null }
          const match = await as608.search(1, 0, capacity)
          return { slot: match?.slot ?? null }
        })
      } catch {
        // Offline already (or an answer we cannot use this time): the next look tries again.
        return null
      }
    },
    async enrol(request) {
      if (request.slot < 0 || (capacity > 0 && request.slot >= capacity)) {
        throw new RangeError(`slot ${request.slot} is outside the sensor's library`)
      }
      return exclusive(async (as608) => {
        try {
          return await enrolWith(as608, request)
        } finally {
          // The finger is most likely still there: it must not punch the moment enrolment ends.
          fingerDown = true
          await led(as608, AuraMode.Breathing, AuraColour.Blue)
        }
      })
    },
    install: (slot, template) =>
      exclusive(async (as608) => {
        await as608.downloadCharacteristics(1, template)
        await as608.storeModel(1, slot)
      }),
    remove: (slot) => exclusive((as608) => as608.deleteModels(slot, 1)),
    clear: () => exclusive((as608) => as608.emptyLibrary()),
    count: () => exclusive((as608) => as608.templateCount()),
    async close() {
      if (closed) return
      closed = true
      await lock
      await connection?.close()
      connection = null
    },
  }
}
