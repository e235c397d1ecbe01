/**
 * Dates and times as the office reads them: in the site's zone, written the browser's way. Instants come as ISO
 * text or, where the typed client parsed them, as Dates.
 */

/** `YYYY-MM-DD` of an instant in a zone (the form the API's date bounds take). */
export function dayIn(zone: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at)
}

/** The day after a `YYYY-MM-DD` (an exclusive upper bound). */
export function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** Date and time of an instant, in the zone, in the locale. */
export function dateTime(
  iso: string | Date | null | undefined,
  zone: string,
  locale: string,
): string {
  if (!iso) return '—'
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    dateStyle: 'medium',
    timeStyle: 'medium',
  }).format(new Date(iso))
}

/** Time of day only (the live feed: everything is today). */
export function timeOfDay(iso: string | Date, zone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, timeStyle: 'medium' }).format(
    new Date(iso),
  )
}

/** Hours and minutes of an instant (a timesheet's first in and last out). */
export function shortTime(iso: string | Date, zone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, timeStyle: 'short' }).format(
    new Date(iso),
  )
}

/** "3 minutes ago", in the locale. */
export function ago(
  iso: string | Date | null | undefined,
  locale: string,
  now = Date.now(),
): string {
  if (!iso) return '—'
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000)
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const abs = Math.abs(seconds)
  if (abs < 60) return rtf.format(seconds, 'second')
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute')
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour')
  return rtf.format(Math.round(seconds / 86400), 'day')
}

/** `YYYY-MM-DD HH:MM:SS` wall-clock text of an instant in a zone (what manual punches and corrections take). */
export function wallClock(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso))
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`
}

/**
 * `YYYY-MM-DD` of a calendar date the API sent. The typed client turns any date-like string into a Date (at UTC
 * midnight for a bare date) whatever the schema says, so a date arrives as either.
 */
export function calendarDay(value: string | Date): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value.slice(0, 10)
}

/** A calendar date (`YYYY-MM-DD`, no zone: it is already the site's day) as the locale writes it, short. */
export function dayLabel(value: string | Date, locale: string): string {
  const day = calendarDay(value)
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
  }).format(new Date(`${day}T12:00:00Z`))
}

/** The short weekday name of a calendar date, in the locale. */
export function weekday(value: string | Date, locale: string): string {
  const day = calendarDay(value)
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short' }).format(
    new Date(`${day}T12:00:00Z`),
  )
}

/** First and last date of a `YYYY-MM` month. */
export function monthDays(month: string): { from: string; to: string } {
  const [y = 1970, m = 1] = month.split('-').map(Number)
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` }
}
