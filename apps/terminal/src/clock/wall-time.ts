/**
 * A zone the terminal shows and stamps punches in: an IANA name (DST-aware), or a fixed UTC
 * offset in minutes when the only thing known is the server's `TimeZone` option.
 */
export type Zone = string | { offsetMinutes: number }

export interface WallParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(zone, f)
  }
  return f
}

/** Whether the runtime knows `zone` as an IANA time zone. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatter(zone)
    return true
  } catch {
    return false
  }
}

/** The wall-clock fields of `date` in `zone`. */
export function wallParts(date: Date, zone: Zone): WallParts {
  if (typeof zone !== 'string') {
    const shifted = new Date(date.getTime() + zone.offsetMinutes * 60_000)
    return {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
    }
  }
  const parts: Record<string, number> = {}
  for (const p of formatter(zone).formatToParts(date)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** 'YYYY-MM-DD HH:MM:SS' as ZK records want it. */
export function formatWall(p: WallParts): string {
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`
}

/** `date` as a device-local 'YYYY-MM-DD HH:MM:SS' in `zone`. */
export function formatWallClock(date: Date, zone: Zone): string {
  return formatWall(wallParts(date, zone))
}

const wallAsUtc = (p: WallParts): number =>
  Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)

/** Minutes `zone` is ahead of UTC at `date`. */
export function zoneOffsetMinutes(date: Date, zone: Zone): number {
  if (typeof zone !== 'string') return zone.offsetMinutes
  const whole = new Date(Math.floor(date.getTime() / 1000) * 1000)
  return Math.round((wallAsUtc(wallParts(whole, zone)) - whole.getTime()) / 60_000)
}

/**
 * The instant a wall-clock reading names in `zone`. In a DST gap the later offset wins; in an
 * overlap the earlier instant wins, as most firmware does.
 */
export function instantFromWall(p: WallParts, zone: Zone): Date {
  const asUtc = wallAsUtc(p)
  const first = asUtc - zoneOffsetMinutes(new Date(asUtc), zone) * 60_000
  const second = asUtc - zoneOffsetMinutes(new Date(first), zone) * 60_000
  return new Date(Math.min(first, second))
}
