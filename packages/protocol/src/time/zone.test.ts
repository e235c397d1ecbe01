import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatUtcOffset,
  instantFromWallClock,
  isTimeZone,
  offsetMinutesAt,
  wallClockFromInstant,
  wallClockPartsFromInstant,
} from './zone'

const winter = new Date('2024-01-15T12:00:00Z')

describe('wall clock in a zone', () => {
  it('formats and reads back in a zone', () => {
    const instant = new Date('2024-01-15T02:02:00Z')
    expect(wallClockFromInstant(instant, 'Asia/Kolkata')).toBe('2024-01-15 07:32:00')
    expect(instantFromWallClock('2024-01-15 07:32:00', 'Asia/Kolkata')).toEqual(instant)
    expect(offsetMinutesAt('America/New_York', winter)).toBe(-300)
  })
  it('follows DST in an IANA zone, and formats midnight as 00, not 24', () => {
    expect(wallClockFromInstant(new Date('2025-01-15T12:00:00Z'), 'America/New_York')).toBe(
      '2025-01-15 07:00:00',
    )
    expect(wallClockFromInstant(new Date('2025-07-15T12:00:00Z'), 'America/New_York')).toBe(
      '2025-07-15 08:00:00',
    )
    expect(wallClockFromInstant(new Date('2025-03-01T05:00:00Z'), 'America/Cancun')).toBe(
      '2025-03-01 00:00:00',
    )
  })
  it('picks the earlier instant of an ambiguous fall-back time', () => {
    // 2024-11-03 01:30 happens twice in New York: EDT (05:30Z) then EST (06:30Z).
    expect(instantFromWallClock('2024-11-03 01:30:00', 'America/New_York').toISOString()).toBe(
      '2024-11-03T05:30:00.000Z',
    )
  })
  it('moves a skipped spring-forward time forward by the gap', () => {
    // 2024-03-10 02:30 does not exist in New York; read with EST it is 07:30Z = 03:30 EDT.
    const t = instantFromWallClock('2024-03-10 02:30:00', 'America/New_York')
    expect(t.toISOString()).toBe('2024-03-10T07:30:00.000Z')
    expect(wallClockFromInstant(t, 'America/New_York')).toBe('2024-03-10 03:30:00')
  })
  it('rejects malformed times', () => {
    expect(() => instantFromWallClock('yesterday', 'UTC')).toThrow(RangeError)
  })
  it('round-trips instants through the wall clock (whole seconds)', () => {
    const zones = fc.constantFrom(
      'Asia/Kolkata',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
    )
    const instants = fc
      .integer({ min: 946_684_800, max: 4_102_444_800 })
      .map((s) => new Date(s * 1000))
    fc.assert(
      fc.property(zones, instants, (zone, instant) => {
        const wall = wallClockFromInstant(instant, zone)
        const back = instantFromWallClock(wall, zone)
        // Ambiguous wall times come back as the earlier instant; otherwise exactly.
        expect(wallClockFromInstant(back, zone)).toBe(wall)
        expect(back.getTime()).toBeLessThanOrEqual(instant.getTime())
      }),
    )
  })
})

describe('isTimeZone', () => {
  it('knows IANA zones and refuses anything else', () => {
    expect(isTimeZone('Asia/Kolkata')).toBe(true)
    expect(isTimeZone('UTC')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
    expect(isTimeZone('')).toBe(false)
  })
})

describe('fixed offsets', () => {
  it('read a wall clock at the offset, both ways', () => {
    const at = new Date('2025-01-01T00:30:00Z')
    expect(wallClockFromInstant(at, { offsetMinutes: -300 })).toBe('2024-12-31 19:30:00')
    expect(instantFromWallClock('2025-01-01 09:00:00', { offsetMinutes: 330 }).toISOString()).toBe(
      '2025-01-01T03:30:00.000Z',
    )
    expect(offsetMinutesAt({ offsetMinutes: 330 }, at)).toBe(330)
    expect(() => instantFromWallClock('yesterday', { offsetMinutes: 0 })).toThrow(RangeError)
  })
  it('split into fields, like an IANA zone', () => {
    const at = new Date('2025-12-31T23:30:00Z')
    expect(wallClockPartsFromInstant(at, 'Asia/Kolkata')).toEqual({
      year: 2026,
      month: 1,
      day: 1,
      hour: 5,
      minute: 0,
      second: 0,
    })
    expect(wallClockPartsFromInstant(at, { offsetMinutes: -90 })).toEqual({
      year: 2025,
      month: 12,
      day: 31,
      hour: 22,
      minute: 0,
      second: 0,
    })
  })
})

describe('formatUtcOffset', () => {
  it.each([
    [0, '+0000'],
    [-210, '-0330'],
    [840, '+1400'],
  ])('formats %i as %s', (m, s) => expect(formatUtcOffset(m)).toBe(s))
})
