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
