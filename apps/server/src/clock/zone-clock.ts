import {
  instantFromWallClock,
  normaliseWallClock,
  parseWallClock,
  wallClockAsUtc,
} from '@webroster/protocol'

/** Bound on remembered (zone, hour) offsets; cleared wholesale when reached. */
const MAX_ENTRIES = 50_000

function wallAsUtc(wallClock: string): number {
  const parts = parseWallClock(wallClock)
  if (!parts) throw new RangeError(`not a wall-clock time: ${wallClock}`)
  return wallClockAsUtc(parts)
}

/**
 * `instantFromWallClock` with the zone offset memoised per (zone, wall-clock hour): the Intl look-up costs tens
 * of microseconds, and punches of one hour share it. An hour whose start and end have different offsets (a DST
 * change) is never memoised, so those times still get the exact rule.
 */
export class ZoneClock {
  private readonly offsets = new Map<string, number | null>()
  private lastZone = ''
  private lastHour = ''
  private lastDelta: number | null = null

  /** The instant a wall-clock time means in `zone`; throws RangeError for a malformed time. */
  toInstant(wallClock: string, zone: string): Date {
    const norm = normaliseWallClock(wallClock)
    if (norm === undefined) throw new RangeError(`not a wall-clock time: ${wallClock}`)
    const hour = norm.slice(0, 13)
    // Punches of one upload mostly share an hour: the last answer saves building and hashing the key.
    if (zone === this.lastZone && hour === this.lastHour && this.lastDelta !== null) {
      return new Date(wallAsUtc(norm) + this.lastDelta)
    }
    const key = `${zone}|${hour}`
    let delta = this.offsets.get(key)
    if (delta === undefined) {
      const start = `${hour}:00:00`
      const end = `${hour}:59:59`
      const a = instantFromWallClock(start, zone).getTime() - wallAsUtc(start)
      const b = instantFromWallClock(end, zone).getTime() - wallAsUtc(end)
      delta = a === b ? a : null
      if (this.offsets.size >= MAX_ENTRIES) this.offsets.clear()
      this.offsets.set(key, delta)
    }
    this.lastZone = zone
    this.lastHour = hour
    this.lastDelta = delta
    if (delta === null) return instantFromWallClock(norm, zone)
    return new Date(wallAsUtc(norm) + delta)
  }
}
