import {
  instantFromWallClock,
  offsetMinutesAt,
  parseTimeZoneOption,
  type WallClockParts,
  wallClockFromInstant,
  wallClockFromZkSeconds,
  wallClockPartsFromInstant,
  type Zone,
} from '@webroster/protocol'
import { OptionKey, type OptionStore } from '../store/options'
import { type Clock, systemClock } from './clock'

/** Minutes east of UTC a `TimeZone` option names, or undefined when absent or not one the protocol defines. */
function serverZoneMinutes(option: string | undefined): number | undefined {
  if (option === undefined || option.trim() === '') return undefined
  try {
    return parseTimeZoneOption(Number(option))
  } catch {
    return undefined
  }
}

export interface DeviceClockOptions {
  store: Pick<OptionStore, 'getOption' | 'setOption' | 'deleteOption'>
  /** IANA zone for wall-clock times. */
  timeZone: string
  /** Whether the zone was configured; if not, the server's `TimeZone` option overrides it. */
  timeZoneExplicit: boolean
  base?: Clock
  /** Corrections smaller than this are ignored, so polling does not rewrite the store each time. */
  minAdjustMs?: number
}

/**
 * The terminal's notion of time: the OS clock plus a persisted offset. The server corrects it
 * (`SET OPTIONS DateTime=`, the `Date` header) without root and without touching the OS clock.
 * A set-time is an operator's decision, so it is kept as a skew from the server's clock that
 * later `Date` headers keep: the device then follows the server's clock, that far ahead or behind.
 */
export class DeviceClock implements Clock {
  readonly #store: DeviceClockOptions['store']
  readonly #base: Clock
  readonly #timeZone: string
  readonly #explicit: boolean
  readonly #minAdjustMs: number
  #offsetMs: number
  #skewMs: number
  #serverZoneMinutes: number | undefined

  constructor(options: DeviceClockOptions) {
    this.#store = options.store
    this.#base = options.base ?? systemClock
    this.#timeZone = options.timeZone
    this.#explicit = options.timeZoneExplicit
    this.#minAdjustMs = options.minAdjustMs ?? 2000
    this.#offsetMs = Number(this.#store.getOption(OptionKey.clockOffsetMs) ?? '0') || 0
    this.#skewMs = Number(this.#store.getOption(OptionKey.clockSkewMs) ?? '0') || 0
    const zone = this.#store.getOption(OptionKey.serverTimeZoneMinutes)
    this.#serverZoneMinutes = zone === undefined ? undefined : Number(zone)
  }

  now(): Date {
    return new Date(this.#base.now().getTime() + this.#offsetMs)
  }

  /** Milliseconds the device clock runs ahead of the OS clock. */
  get offsetMs(): number {
    return this.#offsetMs
  }

  /** The zone wall-clock times are in: configured IANA zone, else the server's, else the host's. */
  get zone(): Zone {
    if (!this.#explicit && this.#serverZoneMinutes !== undefined) {
      return { offsetMinutes: this.#serverZoneMinutes }
    }
    return this.#timeZone
  }

  /** Device-local 'YYYY-MM-DD HH:MM:SS' (DST-aware for IANA zones). */
  wallClock(at: Date = this.now()): string {
    return wallClockFromInstant(at, this.zone)
  }

  /** Device-local wall-clock fields, e.g. for time-of-day punch rules. */
  wallParts(at: Date = this.now()): WallClockParts {
    return wallClockPartsFromInstant(at, this.zone)
  }

  /** Minutes the device zone is ahead of UTC now (for `TimeZone`/telemetry). */
  zoneOffsetMinutes(): number {
    return offsetMinutesAt(this.zone, this.now())
  }

  /** Sets the device time to `instant`; returns whether the offset changed. */
  setTime(instant: Date): boolean {
    return this.setOffset(instant.getTime() - this.#base.now().getTime())
  }

  /** Stores a new offset unless it is within `minAdjustMs` of the current one. */
  setOffset(offsetMs: number): boolean {
    if (!Number.isFinite(offsetMs)) throw new RangeError(`bad clock offset ${offsetMs}`)
    if (Math.abs(offsetMs - this.#offsetMs) < this.#minAdjustMs) return false
    this.#offsetMs = Math.round(offsetMs)
    this.#store.setOption(OptionKey.clockOffsetMs, String(this.#offsetMs))
    return true
  }

  /**
   * Applies `SET OPTIONS DateTime=<zk-seconds>`: a wall-clock reading in the device zone, kept
   * against later `Date` headers as a skew from the server's clock.
   */
  setFromZkSeconds(zk: number): boolean {
    if (!Number.isSafeInteger(zk) || zk < 0) throw new RangeError(`bad ZK time ${zk}`)
    const serverOffsetMs = this.#offsetMs - this.#skewMs
    const changed = this.setTime(instantFromWallClock(wallClockFromZkSeconds(zk), this.zone))
    const skew = Math.round(this.#offsetMs - serverOffsetMs)
    if (changed && skew !== this.#skewMs) {
      this.#skewMs = skew
      this.#store.setOption(OptionKey.clockSkewMs, String(skew))
    }
    return changed
  }

  /**
   * Applies a server reply's `Date` header (GMT) and, if given, its `TimeZone` option (hours or minutes, read
   * by the protocol's rule; a value it leaves undefined is ignored). Returns whether the offset changed.
   */
  applyServerTime(dateHeader: string | null | undefined, timeZoneOption?: string): boolean {
    const minutes = serverZoneMinutes(timeZoneOption)
    if (minutes !== undefined && minutes !== this.#serverZoneMinutes) {
      this.#serverZoneMinutes = minutes
      this.#store.setOption(OptionKey.serverTimeZoneMinutes, String(minutes))
    }
    if (!dateHeader) return false
    const instant = Date.parse(dateHeader)
    if (Number.isNaN(instant)) return false
    return this.setTime(new Date(instant + this.#skewMs))
  }
}
