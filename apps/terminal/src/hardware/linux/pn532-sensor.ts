import { systemTimer, type Timer } from '../../core/timer'
import { uidToHex } from '../card-number'
import type { Credential, CredentialSensor } from '../ports'
import type { Pn532 } from './pn532'
import { Pn532Error } from './pn532-errors'

/** IC byte GetFirmwareVersion returns for a PN532. */
const PN532_IC = 0x32

export type Pn532SensorOptions = {
  timer?: Timer
  /** First and largest delay between re-probes of a lost reader (ms). */
  backoff?: { initialMs: number; maxMs: number }
  /** Told when the reader goes away or comes back, for logs and the status LED. */
  onStatus?: (online: boolean, error?: unknown) => void
  /** Releases what the sensor owns (the I2C bus) on close. */
  onClose?: () => Promise<void>
}

/** A CredentialSensor over a PN532 that survives the reader being unplugged. */
export interface Pn532Sensor extends CredentialSensor {
  readonly online: boolean
}

/**
 * Wraps a PN532 as the terminal's card sensor. poll() never throws for reader faults: it marks the
 * reader offline and re-probes with exponential backoff, so the sensor loop keeps running. A card
 * held on the reader is reported once, when it arrives, not on every poll.
 * @example const sensor = createPn532Sensor(createPn532(bus)); await sensor.probe()
 */
export function createPn532Sensor(pn532: Pn532, options: Pn532SensorOptions = {}): Pn532Sensor {
  const timer = options.timer ?? systemTimer
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 250, maxMs: 30_000 }
  let online = false
  let closed = false
  let delay = initialMs
  let nextProbeAt = 0
  let lastCard: string | null = null

  const setOnline = (value: boolean, error?: unknown) => {
    if (value === online) return
    online = value
    options.onStatus?.(value, error)
  }
  const goOffline = (error: unknown) => {
    setOnline(false, error)
    lastCard = null
    nextProbeAt = timer.now() + delay
    delay = Math.min(delay * 2, maxMs)
  }
  const configure = async () => {
    const fw = await pn532.getFirmwareVersion()
    if (fw.ic !== PN532_IC) {
      throw new Pn532Error(`chip at the PN532 address reports IC 0x${fw.ic.toString(16)}`)
    }
    // A replugged chip has lost its configuration, so every probe configures it again.
    await pn532.samConfiguration()
    // Bounded retries make InListPassiveTarget return "no card" instead of waiting forever.
    await pn532.setPassiveActivationRetries(1)
    delay = initialMs
    setOnline(true)
  }

  return {
    get online() {
      return online
    },
    async probe() {
      try {
        await configure()
      } catch (error) {
        goOffline(error)
        const why = error instanceof Error ? error.message : String(error)
        throw new Pn532Error(`PN532 card reader not found or not answering: ${why}`, {
          cause: error,
        })
      }
    },
    async poll(): Promise<Credential | null> {
      if (closed) throw new Error('PN532 sensor polled after close')
      try {
        if (!online) {
          if (timer.now() < nextProbeAt) return null
          await configure()
        }
        const uid = await pn532.readPassiveTargetUid()
        const card = uid ? uidToHex(uid) : null
        const fresh = card !== null && card !== lastCard
        lastCard = card
        return fresh ? { kind: 'card', card } : null
      } catch (error) {
        goOffline(error)
        return null
      }
    },
    async close() {
      if (closed) return
      closed = true
      await options.onClose?.()
    },
  }
}
