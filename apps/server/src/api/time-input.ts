import {
  instantFromWallClock,
  isTimeZone,
  normaliseWallClock,
  wallClockFromInstant,
} from '@webroster/protocol'
import { ValidationError } from '../errors'

/** A time an API caller gave: a wall clock or a day (both read in some zone), or an instant. */
export type TimeInput =
  | { kind: 'wall-clock'; wallClock: string }
  | { kind: 'date' /** UTC midnight of the day */; day: Date }
  | { kind: 'month' /** UTC midnight of its first day */; first: Date }
  | { kind: 'instant'; instant: Date }

/** The forms one field accepts, and its 400 when the text is none of them. */
export interface TimeInputForms {
  /** `YYYY-MM-DD HH:MM:SS` (or `T`): `calendar` must be a real date and time, `shape` only has to look like one */
  wallClock?: 'calendar' | 'shape'
  /** `YYYY-MM-DD` */
  date?: boolean
  /** `YYYY-MM` */
  month?: boolean
  /** `iso`: `YYYY-MM-DDTHH:MM:SS[.f]` with Z or an offset; `zoned`: any text Date reads ending in a zone; `any` */
  instant: 'iso' | 'zoned' | 'any'
  invalid: (text: string, field: string) => string
}

// Each field keeps the forms it has always accepted; making them one set is a change of its own.
/** `POST /api/attendance` `time`. */
export const PUNCH_TIME: TimeInputForms = {
  wallClock: 'calendar',
  instant: 'iso',
  invalid: (_, field) =>
    `${field} must be 'YYYY-MM-DD HH:MM:SS' (wall clock in timeZone) or an ISO instant with Z or an offset`,
}
/**
 * `from` / `to` of a range of punches (the attendance list, the export): ISO 8601 only, since `01/12/2026` reads
 * as 12 January in one country and 1 December in the next. A day, a month or a wall clock is read in the zone.
 */
export const RANGE_BOUND: TimeInputForms = {
  wallClock: 'calendar',
  date: true,
  month: true,
  instant: 'iso',
  invalid: (_, field) =>
    `${field} must be ISO 8601: a day (2026-12-01), a month (2026-12), a wall clock in timeZone ` +
    '(2026-12-01T08:00:00) or an instant with Z or an offset (2026-12-01T08:00:00Z)',
}
/** A `query-attlog` command's `from` / `to`. */
export const QUERY_BOUND: TimeInputForms = {
  wallClock: 'shape',
  instant: 'any',
  invalid: (_, field) => `"${field}" must be an ISO instant or YYYY-MM-DD HH:MM:SS`,
}

const WALL_CLOCK_SHAPE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/
const MONTH_SHAPE = /^\d{4}-(0[1-9]|1[0-2])$/
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i
const NAMES_A_ZONE = /[zZ]|[+-]\d{2}:?\d{2}$/

/** Reads a time input of `field` in one of `forms`, or throws a ValidationError (a 400). */
export function parseTimeInput(text: string, field: string, forms: TimeInputForms): TimeInput {
  if (forms.wallClock !== undefined && WALL_CLOCK_SHAPE.test(text)) {
    if (forms.wallClock === 'shape')
      return { kind: 'wall-clock', wallClock: text.replace('T', ' ') }
    const wallClock = normaliseWallClock(text)
    if (!wallClock) throw new ValidationError(`not a real date and time: ${text}`)
    return { kind: 'wall-clock', wallClock }
  }
  if (forms.date && DATE_SHAPE.test(text)) {
    const day = new Date(`${text}T00:00:00Z`)
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) {
      throw new ValidationError(`not a date: ${text}`)
    }
    return { kind: 'date', day }
  }
  if (forms.month && MONTH_SHAPE.test(text))
    return { kind: 'month', first: new Date(`${text}-01T00:00:00Z`) }
  const shaped =
    forms.instant === 'any' || (forms.instant === 'iso' ? ISO_INSTANT : NAMES_A_ZONE).test(text)
  const ms = shaped ? Date.parse(text) : Number.NaN
  if (Number.isNaN(ms)) throw new ValidationError(forms.invalid(text, field))
  return { kind: 'instant', instant: new Date(ms) }
}

/** The instant a time input names, a wall clock or a day (its midnight) read in `zone`. */
export function instantOf(input: TimeInput, zone: string): Date {
  if (input.kind === 'instant') return input.instant
  return instantFromWallClock(wallClockOf(input, zone), zone)
}

/** The wall clock a time input names in `zone` (a day or a month: its first midnight). */
export function wallClockOf(input: TimeInput, zone: string): string {
  if (input.kind === 'wall-clock') return input.wallClock
  if (input.kind === 'date') return `${input.day.toISOString().slice(0, 10)} 00:00:00`
  if (input.kind === 'month') return `${input.first.toISOString().slice(0, 10)} 00:00:00`
  return wallClockFromInstant(input.instant, zone)
}

/**
 * The instant a range bound names in `zone`. A `to` that is a day or a month includes it: the bound is the next
 * one's midnight (exclusive), so `from=2026-12&to=2026-12` is the whole of December.
 */
export function rangeBound(text: string, field: 'from' | 'to', zone: string): Date {
  const input = parseTimeInput(text, field, RANGE_BOUND)
  if (field === 'from') return instantOf(input, zone)
  if (input.kind === 'date') {
    return instantOf({ kind: 'date', day: new Date(input.day.getTime() + 86_400_000) }, zone)
  }
  if (input.kind === 'month') {
    const next = new Date(input.first)
    next.setUTCMonth(next.getUTCMonth() + 1)
    return instantOf({ kind: 'month', first: next }, zone)
  }
  return instantOf(input, zone)
}

/** A zone a caller named, or a 400. */
export function checkZone(zone: string): string {
  if (!isTimeZone(zone)) throw new ValidationError(`unknown time zone: ${zone}`)
  return zone
}

/** A punch's `time`, a wall clock in `zone` or an ISO instant, in both forms a punch stores. */
export function punchTime(time: string, zone: string): { localTime: string; punchedAt: Date } {
  const input = parseTimeInput(time, 'time', PUNCH_TIME)
  return { localTime: wallClockOf(input, zone), punchedAt: instantOf(input, zone) }
}
