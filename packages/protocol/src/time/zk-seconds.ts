import { formatWallClock, splitWallClock, type WallClockParts } from './wall-clock'

function check(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${name} out of range: ${v} (expected ${min}..${max})`)
  }
}

/**
 * ZKTeco "zk-seconds": `((Y-2000)*372 + (M-1)*31 + (D-1))*86400 + h*3600 + m*60 + s` (every month 31 days).
 * @example toZkSeconds({ year: 2018, month: 2, day: 22, hour: 14, minute: 54, second: 54 }) // 583080894
 */
export function toZkSeconds(p: WallClockParts): number {
  check('year', p.year, 0, 9999)
  check('month', p.month, 1, 12)
  check('day', p.day, 1, 31)
  check('hour', p.hour, 0, 23)
  check('minute', p.minute, 0, 59)
  check('second', p.second, 0, 59)
  const days = (p.year - 2000) * 372 + (p.month - 1) * 31 + (p.day - 1)
  return days * 86400 + p.hour * 3600 + p.minute * 60 + p.second
}

/**
 * Inverse of `toZkSeconds` (the encoding can name days like 02-31; they come back as they went in).
 * @example fromZkSeconds(583080894) // { year: 2018, month: 2, day: 22, hour: 14, minute: 54, second: 54 }
 */
export function fromZkSeconds(n: number): WallClockParts {
  if (!Number.isSafeInteger(n)) throw new RangeError(`zk-seconds must be an integer: ${n}`)
  const days = Math.floor(n / 86400)
  const secs = n - days * 86400
  const years = Math.floor(days / 372)
  const inYear = days - years * 372
  return {
    year: 2000 + years,
    month: Math.floor(inYear / 31) + 1,
    day: (inYear % 31) + 1,
    hour: Math.floor(secs / 3600),
    minute: Math.floor((secs % 3600) / 60),
    second: secs % 60,
  }
}

/**
 * zk-seconds of a wall-clock string `YYYY-MM-DD HH:MM:SS` (a `T` separator is accepted).
 * @example zkSecondsFromWallClock('2018-02-22 14:54:54') // 583080894
 */
export function zkSecondsFromWallClock(wallClock: string): number {
  const parts = splitWallClock(wallClock)
  if (!parts) throw new RangeError(`not a YYYY-MM-DD HH:MM:SS time: ${JSON.stringify(wallClock)}`)
  return toZkSeconds(parts)
}

/**
 * Wall-clock string `YYYY-MM-DD HH:MM:SS` of zk-seconds.
 * @example wallClockFromZkSeconds(583080894) // '2018-02-22 14:54:54'
 */
export function wallClockFromZkSeconds(n: number): string {
  const p = fromZkSeconds(n)
  if (p.year < 0 || p.year > 9999) throw new RangeError(`zk-seconds out of range: ${n}`)
  return formatWallClock(p)
}

/**
 * zk-seconds of a `Date`'s UTC wall clock (what `/iclock/rtdata?type=time` answers as `DateTime=`).
 * @example zkSecondsFromUtcDate(new Date('2018-02-22T14:54:54Z')) // 583080894
 */
export function zkSecondsFromUtcDate(date: Date): number {
  return toZkSeconds({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  })
}
