import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  fromZkSeconds,
  toZkSeconds,
  wallClockFromZkSeconds,
  zkSecondsFromUtcDate,
  zkSecondsFromWallClock,
} from './zk-seconds'

describe('zk-seconds', () => {
  it('encodes the reference example', () => {
    expect(toZkSeconds({ year: 2018, month: 2, day: 22, hour: 14, minute: 54, second: 54 })).toBe(
      583080894,
    )
    expect(fromZkSeconds(583080894)).toEqual({
      year: 2018,
      month: 2,
      day: 22,
      hour: 14,
      minute: 54,
      second: 54,
    })
  })

  it.each([
    ['2000-01-01 00:00:00', 0],
    ['2000-01-02 00:00:01', 86401],
    ['2000-02-01 00:00:00', 31 * 86400],
    ['2001-01-01 00:00:00', 372 * 86400],
    ['2018-02-22 14:54:54', 583080894],
  ])('%s ⇄ %i', (wall, n) => {
    expect(zkSecondsFromWallClock(wall)).toBe(n)
    expect(wallClockFromZkSeconds(n)).toBe(wall)
  })

  it('accepts a T separator', () => {
    expect(zkSecondsFromWallClock('2018-02-22T14:54:54')).toBe(583080894)
  })

  it('converts a Date by its UTC clock', () => {
    expect(zkSecondsFromUtcDate(new Date('2018-02-22T14:54:54Z'))).toBe(583080894)
  })

  it('rejects out-of-range parts and malformed strings', () => {
    expect(() =>
      toZkSeconds({ year: 2020, month: 13, day: 1, hour: 0, minute: 0, second: 0 }),
    ).toThrow(/month/)
    expect(() =>
      toZkSeconds({ year: 2020, month: 1, day: 1, hour: 24, minute: 0, second: 0 }),
    ).toThrow(/hour/)
    expect(() => zkSecondsFromWallClock('2020-01-01')).toThrow(RangeError)
    expect(() => fromZkSeconds(1.5)).toThrow(RangeError)
  })
})

describe('zk-seconds properties', () => {
  const parts = fc.record({
    year: fc.integer({ min: 2000, max: 2135 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
  })

  it('fromZkSeconds inverts toZkSeconds', () => {
    fc.assert(
      fc.property(parts, (p) => {
        expect(fromZkSeconds(toZkSeconds(p))).toEqual(p)
      }),
    )
  })

  it('toZkSeconds inverts fromZkSeconds, and the wall-clock strings agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        expect(toZkSeconds(fromZkSeconds(n))).toBe(n)
        expect(zkSecondsFromWallClock(wallClockFromZkSeconds(n))).toBe(n)
      }),
    )
  })

  it('is monotonic in calendar order', () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const wa = wallClockFromZkSeconds(toZkSeconds(a))
        const wb = wallClockFromZkSeconds(toZkSeconds(b))
        expect(Math.sign(toZkSeconds(a) - toZkSeconds(b))).toBe(wa < wb ? -1 : wa > wb ? 1 : 0)
      }),
    )
  })
})
