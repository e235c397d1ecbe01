import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatWallClock,
  normaliseWallClock,
  parseWallClock,
  splitWallClock,
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

describe('normaliseWallClock', () => {
  it.each([
    ['2024-02-29 00:00:00', '2024-02-29 00:00:00'],
    ['2024-01-15T07:32:00.123456', '2024-01-15 07:32:00'],
    ['2024-04-31 00:00:00', undefined],
    ['2024-01-01 24:00:00', undefined],
    ['2024-01-01', undefined],
  ])('%s', (input, expected) => expect(normaliseWallClock(input)).toBe(expected))
})
