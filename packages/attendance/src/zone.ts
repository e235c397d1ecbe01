/**
 * Local dates and wall times of a site's zone as instants. The conversion itself is the protocol package's (one
 * owner of zone arithmetic); this file adds the attendance day's shapes and a cache, because every person of a site
 * asks for the same few instants and each conversion costs several Intl calls.
 */
import { instantFromWallClock, wallClockFromInstant } from '@webroster/protocol/time'
import { addDays } from './dates'

const MAX_CACHED = 100_000
const instants = new Map<string, number>()

/**
 * The instant of wall time `time` ('HH:MM') on local `date` in `timeZone`; a time skipped by DST moves forward by
 * the gap, a repeated one is its first occurrence.
 * @example localInstant('2024-01-15', '07:32', 'Asia/Kolkata') // Date.parse('2024-01-15T02:02:00Z')
 */
export function localInstant(date: string, time: string, timeZone: string): number {
  const key = `${timeZone} ${date} ${time}`
  const hit = instants.get(key)
  if (hit !== undefined) return hit
  const at = instantFromWallClock(`${date} ${time}:00`, timeZone).getTime()
  // A long-running server sees ever new dates: start over rather than grow without bound.
  if (instants.size >= MAX_CACHED) instants.clear()
  instants.set(key, at)
  return at
}

/**
 * The instants a local date begins and ends (exclusive): 23 or 25 hours apart on DST change days.
 * @example localDayBounds('2026-03-29', 'Europe/Madrid') // { start: Date.parse('2026-03-28T23:00:00Z'), end: Date.parse('2026-03-29T22:00:00Z') }
 */
export function localDayBounds(date: string, timeZone: string): { start: number; end: number } {
  return {
    start: localInstant(date, '00:00', timeZone),
    end: localInstant(addDays(date, 1), '00:00', timeZone),
  }
}

/**
 * The local date of an instant in `timeZone`.
 * @example localDateOf(Date.parse('2024-01-14T20:00:00Z'), 'Asia/Kolkata') // '2024-01-15'
 */
export function localDateOf(at: number, timeZone: string): string {
  // Punches come in runs of one day: the day last found in this zone answers without an Intl call.
  const last = lastDay.get(timeZone)
  if (last && at >= last.start && at < last.end) return last.date
  const date = wallClockFromInstant(new Date(at), timeZone).slice(0, 10)
  if (lastDay.size >= MAX_ZONES) lastDay.clear()
  lastDay.set(timeZone, { date, ...localDayBounds(date, timeZone) })
  return date
}

const MAX_ZONES = 1_000
/** Per zone, the local day `localDateOf` last answered and the instants it spans. */
const lastDay = new Map<string, { date: string; start: number; end: number }>()
