import { Buffer } from 'node:buffer'
import { formatOperlogRecord, tagAs608Template, untagAs608Template } from '@webroster/protocol'
import type { EnrolOutcome, EnrolRequest, FingerprintSensor } from '../hardware/ports'
import type { Store } from '../store/store'

/** What one reconciliation changed in the sensor. */
export type LibraryChanges = { installed: number; removed: number; full: boolean }

export type EnrolFingerRequest = Omit<EnrolRequest, 'slot'> & {
  pin: string
  no: number
  /** Replace the finger when the person already has one under this number. */
  overwrite: boolean
}

export type EnrolFingerOutcome =
  | EnrolOutcome
  | { outcome: 'already-enrolled' }
  | { outcome: 'library-full' }

/**
 * The fingerprint sensor's library kept true to the store. The store is the truth (commands write
 * it in one transaction, a crash cannot leave it half done); the sensor is made to hold exactly
 * the person's AS608 templates there, which covers every way a template comes or goes (a server
 * update, a deleted person or finger, CLEAR DATA, a sensor swapped for an empty one) with one rule.
 * Everything that touches the sensor's library runs here one at a time, so two writers never
 * pick the same free slot.
 */
export class FingerprintLibrary {
  readonly #store: Store
  readonly #sensor: FingerprintSensor
  #lock: Promise<unknown> = Promise.resolve()

  constructor(store: Store, sensor: FingerprintSensor) {
    this.#store = store
    this.#sensor = sensor
  }

  get format(): FingerprintSensor['format'] {
    return this.#sensor.format
  }

  /** The PIN whose finger a slot holds, or undefined. */
  ownerOf(slot: number): string | undefined {
    return this.#store.slotOwner(slot)?.pin
  }

  /**
   * Removes what the store no longer has and installs what the sensor lacks. With `verify`, a
   * sensor whose template count disagrees with the slot table (replaced, emptied by hand) is
   * emptied and filled again. Throws when the sensor fails; what was done stays recorded.
   */
  reconcile(options: { verify?: boolean } = {}): Promise<LibraryChanges> {
    return this.#exclusive(async () => {
      const store = this.#store
      const sensor = this.#sensor
      await this.#ready()
      let removed = 0
      if (options.verify && (await sensor.count()) !== store.listSlots().length) {
        await sensor.clear()
        removed += store.listSlots().length
        store.clearSlots()
      }
      const wanted = new Map(
        store
          .listTemplates()
          // An empty body (a tag and nothing after it) could never be installed: it must not block the rest.
          .filter((t) => t.kind === 'fp' && t.valid !== 0 && sensorBytes(t.template).length > 0)
          .map((t) => [`${t.pin}\t${t.no}`, t]),
      )
      for (const slot of store.listSlots()) {
        const want = wanted.get(`${slot.pin}\t${slot.no}`)
        if (want && want.template === slot.template) {
          wanted.delete(`${slot.pin}\t${slot.no}`)
          continue
        }
        await sensor.remove(slot.slot)
        store.deleteSlot(slot.slot)
        removed++
      }
      let installed = 0
      for (const t of wanted.values()) {
        const slot = store.freeSlot(sensor.capacity)
        if (slot === undefined) return { installed, removed, full: true }
        await sensor.install(slot, sensorBytes(t.template))
        store.setSlot({ slot, pin: t.pin, no: t.no, template: t.template })
        installed++
      }
      return { installed, removed, full: false }
    })
  }

  /**
   * Enrols finger `no` of `pin` at the sensor. On success the template is stored, its slot
   * recorded and an OPERLOG `FP` record queued for the server, in one transaction.
   */
  enrol(request: EnrolFingerRequest): Promise<EnrolFingerOutcome> {
    return this.#exclusive(async () => {
      const store = this.#store
      await this.#ready()
      const existing = store.slotOf(request.pin, request.no)
      const held = store
        .listTemplates(request.pin)
        .some((t) => t.kind === 'fp' && t.no === request.no)
      if ((existing || held) && !request.overwrite) return { outcome: 'already-enrolled' }
      const slot = existing?.slot ?? store.freeSlot(this.#sensor.capacity)
      if (slot === undefined) return { outcome: 'library-full' }
      const { pin, no } = request
      const outcome = await this.#sensor.enrol({
        slot,
        captures: request.captures,
        stepTimeoutMs: request.stepTimeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onPrompt ? { onPrompt: request.onPrompt } : {}),
      })
      if (outcome.outcome !== 'enrolled') return outcome
      const template = tagAs608Template(Buffer.from(outcome.template).toString('base64'))
      const line = formatOperlogRecord({
        kind: 'FP',
        pin,
        fid: no,
        size: template.length,
        valid: 1,
        template,
      })
      store.transaction(() => {
        store.upsertTemplate({ pin, kind: 'fp', no, template })
        store.setSlot({ slot, pin, no, template })
        store.addOplog('FP', line)
      })
      return outcome
    })
  }

  /** Free slots are chosen below the sensor's capacity, which only a probe tells. */
  async #ready(): Promise<void> {
    if (!this.#sensor.online) await this.#sensor.probe()
  }

  #exclusive<T>(run: () => Promise<T>): Promise<T> {
    const result = this.#lock.then(run, run)
    this.#lock = result.catch(() => {})
    return result
  }
}

/** The sensor's own bytes of a tagged template; none for any other format. */
function sensorBytes(template: string): Uint8Array {
  return new Uint8Array(Buffer.from(untagAs608Template(template) ?? '', 'base64'))
}
