import { instantFromWallClock, normaliseWallClock, wallClockFromInstant } from '@webroster/protocol'
import { ValidationError } from '../errors'

/** A time an API caller gave: a wall clock or a day (both read in some zone), or an instant. */
export type TimeInput =
  | { kind: 'wall-clock'; wallClock: string }
  | { kind: 'date' /** UTC midnight of the day */; day: Date }
  | { kind: 'instant'; instant: Date }

/** The forms one field accepts, and its 400 when the text is none of them. */
export interface TimeInputForms {
  /** `YYYY-MM-DD HH:MM:SS` (or `T`): `calendar` must be a real date and time, `shape` only has to look like one */
  wallClock?: 'calendar' | 'shape'
  /** `YYYY-MM-DD` */
  date?: boolean
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
/** `GET /api/attendance/export` `from` / `to`. */
export const EXPORT_BOUND: TimeInputForms = {
  date: true,
  instant: 'zoned',
  invalid: (text) => `not a date or an ISO instant with a zone: ${text}`,
}
/** A `query-attlog` command's `from` / `to`. */
export const QUERY_BOUND: TimeInputForms = {
  wallClock: 'shape',
  instant: 'any',
  invalid: (_, field) => `"${field}" must be an ISO instant or YYYY-MM-DD HH:MM:SS`,
}

const WALL_CLOCK_SHAPE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/
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
    if (Number.isNaN(day.getTime())) throw new ValidationError(`not a date: ${text}`)
    return { kind: 'date', day }
  }
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

/** The wall clock a time input names in `zone` (a day: its midnight). */
export function wallClockOf(input: TimeInput, zone: string): string {
  if (input.kind === 'wall-clock') return input.wallClock
  if (input.kind === 'date') return `${input.day.toISOString().slice(0, 10)} 00:00:00`
  return wallClockFromInstant(input.instant, zone)
}
