import { offsetMinutesAt, type Zone } from './zone'

/**
 * The handshake `TimeZone` value of a zone at an instant: whole hours when the offset is a whole hour within ±11,
 * otherwise minutes. Throws RangeError for offsets of 12..60 minutes, which the option cannot express.
 * @example formatTimeZoneOption('Asia/Kolkata', new Date()) // 330
 */
export function formatTimeZoneOption(zone: Zone, at: Date): number {
  const offset = offsetMinutesAt(zone, at)
  if (!Number.isInteger(offset)) throw new RangeError(`offset must be whole minutes: ${offset}`)
  if (offset % 60 === 0 && Math.abs(offset) < 12 * 60) return offset / 60
  if (Math.abs(offset) <= 60) throw new RangeError(`TimeZone cannot express ${offset} minutes`)
  return offset
}

/**
 * Offset in minutes from a `TimeZone` option value: |v| < 12 is hours, |v| > 60 is minutes; 12..60 throws RangeError.
 * @example parseTimeZoneOption(8) // 480
 */
export function parseTimeZoneOption(v: number): number {
  if (!Number.isInteger(v)) throw new RangeError(`TimeZone must be an integer: ${v}`)
  if (Math.abs(v) < 12) return v * 60 || 0
  if (Math.abs(v) > 60) return v
  throw new RangeError(`TimeZone ${v} is neither hours (|v| < 12) nor minutes (|v| > 60)`)
}
