import type { DatabaseSync } from 'node:sqlite'

/** One slot of the fingerprint sensor's library: whose finger it holds, and which template. */
export interface SensorSlot {
  slot: number
  pin: string
  /** Finger number (FID 0-9). */
  no: number
  /** The template as stored (tagged base64), to notice one replaced since it was installed. */
  template: string
}

/**
 * The terminal's record of the sensor's library. The sensor matches a finger to a slot; this
 * table says whose it is. It is kept true to the sensor by whoever writes the sensor.
 */
export interface SensorSlotStore {
  listSlots(): SensorSlot[]
  setSlot(slot: SensorSlot): void
  deleteSlot(slot: number): void
  clearSlots(): void
  slotOwner(slot: number): SensorSlot | undefined
  slotOf(pin: string, no: number): SensorSlot | undefined
  /** The lowest slot below `capacity` that holds nothing, or undefined when the library is full. */
  freeSlot(capacity: number): number | undefined
}

export function createSensorSlotStore(db: DatabaseSync): SensorSlotStore {
  const list = db.prepare('SELECT slot, pin, no, template FROM sensor_slots ORDER BY slot')
  const upsert = db.prepare(
    'INSERT OR REPLACE INTO sensor_slots (slot, pin, no, template) VALUES (?, ?, ?, ?)',
  )
  const remove = db.prepare('DELETE FROM sensor_slots WHERE slot = ?')
  const bySlot = db.prepare('SELECT slot, pin, no, template FROM sensor_slots WHERE slot = ?')
  const byFinger = db.prepare(
    'SELECT slot, pin, no, template FROM sensor_slots WHERE pin = ? AND no = ?',
  )
  // The first gap: slot 0 when free, else the first used slot whose successor is free.
  const gap = db.prepare(`
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM sensor_slots WHERE slot = 0) THEN 0
      ELSE (SELECT min(s.slot) + 1 FROM sensor_slots s
            WHERE NOT EXISTS (SELECT 1 FROM sensor_slots t WHERE t.slot = s.slot + 1))
    END AS slot`)
  return {
    listSlots: () => list.all() as unknown as SensorSlot[],
    setSlot: (s) => {
      // A finger moves to its new slot: (pin, no) is unique, so the old row goes first.
      db.prepare('DELETE FROM sensor_slots WHERE pin = ? AND no = ? AND slot <> ?').run(
        s.pin,
        s.no,
        s.slot,
      )
      upsert.run(s.slot, s.pin, s.no, s.template)
    },
    deleteSlot: (slot) => {
      remove.run(slot)
    },
    clearSlots: () => {
      db.exec('DELETE FROM sensor_slots')
    },
    slotOwner: (slot) => bySlot.get(slot) as SensorSlot | undefined,
    slotOf: (pin, no) => byFinger.get(pin, no) as SensorSlot | undefined,
    freeSlot: (capacity) => {
      const { slot } = gap.get() as { slot: number }
      return slot < capacity ? slot : undefined
    },
  }
}
