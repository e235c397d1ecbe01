import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatWallClock,
  normaliseWallClock,
  parseWallClock,
  splitWallClock,
  type WallClockParts,
  wallClockAsUtc,
} from './wall-clock'

describe('wall clock', () => {
  it('reads the device shapes and refuses dates that do not exist', () => {
    expect(parseWallClock('2024-02-29 07:32:00')).toEqual({
      year: 2024,
      month: 2,
      day: 29,
      hour: 7,
      minute: 32,
      second: 0,
    })
    expect(parseWallClock(' 2024-01-15T07:32:00.123456 ')).toMatchObject({ hour: 7, second: 0 })
    for (const bad of [
      '2023-02-29 00:00:00',
      '2024-13-01 00:00:00',
      '2024-01-01 24:00:00',
      '2024-1-1 1:2:3',
      '',
    ]) {
      expect(parseWallClock(bad)).toBeUndefined()
    }
    // zk-seconds can name a 31st of any month; the syntax-only reader keeps it.
    expect(splitWallClock('2023-02-31 00:00:00')).toMatchObject({ month: 2, day: 31 })
    expect(splitWallClock('2023-02-32 00:00:00')).toBeUndefined()
  })

  it('round-trips any real date and time, and agrees with Date in UTC', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const whole = new Date(Math.floor(d.getTime() / 1000) * 1000)
          const text = whole.toISOString().slice(0, 19).replace('T', ' ')
          const parts = parseWallClock(text)
          expect(parts).toBeDefined()
          if (!parts) return
          expect(formatWallClock(parts)).toBe(text)
          expect(wallClockAsUtc(parts)).toBe(whole.getTime())
        },
      ),
    )
  })
})

/** The pattern reader the fast one replaced: the reference it must agree with. */
function referenceParse(text: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?$/.exec(text.trim())
  if (!m) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[]
  const p = { year, month, day, hour, minute, second } as WallClockParts
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31) return undefined
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return undefined
  if (p.day > new Date(Date.UTC(p.year, p.month, 0)).getUTCDate()) return undefined
  return p
}

describe('the character reader of the canonical shape', () => {
  it('agrees with the pattern on any text of that length, leap days and bad digits included', () => {
    const char = fc.constantFrom(...'0123456789-: T1290'.split(''))
    const digit = (n: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n })
    const nearlyValid = fc
      .tuple(
        digit(4),
        digit(2),
        digit(2),
        digit(2),
        digit(2),
        digit(2),
        fc.constantFrom(' ', 'T', 'x'),
      )
      .map(([y, mo, d, h, mi, se, sep]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${se}`)
    fc.assert(
      fc.property(
        fc.oneof(nearlyValid, fc.string({ unit: char, minLength: 19, maxLength: 19 })),
        (text) => {
          expect(parseWallClock(text)).toEqual(referenceParse(text))
        },
      ),
      { numRuns: 5000 },
    )
    for (const text of ['1900-02-29 00:00:00', '2000-02-29 00:00:00', '2100-02-29 00:00:00']) {
      expect(parseWallClock(text)).toEqual(referenceParse(text))
    }
  })
})

describe('normaliseWallClock', () => {
  it.each([
    ['2024-02-29 00:00:00', '2024-02-29 00:00:00'],
    ['2024-01-15T07:32:00.123456', '2024-01-15 07:32:00'],
    ['2024-04-31 00:00:00', undefined],
    ['2024-01-01 24:00:00', undefined],
    ['2024-01-01', undefined],
  ])('%s', (input, expected) => expect(normaliseWallClock(input)).toBe(expected))
})
