import { describe, expect, it } from 'vitest'
import { formatWallClock, instantFromWall, isValidTimeZone, zoneOffsetMinutes } from './wall-time'
import { wallFromZkSeconds } from './zk-seconds'

describe('wall time', () => {
  it('follows DST in an IANA zone (the old terminal used a fixed offset)', () => {
    const winter = new Date('2025-01-15T12:00:00Z')
    const summer = new Date('2025-07-15T12:00:00Z')
    expect(formatWallClock(winter, 'America/New_York')).toBe('2025-01-15 07:00:00')
    expect(formatWallClock(summer, 'America/New_York')).toBe('2025-07-15 08:00:00')
    expect(zoneOffsetMinutes(summer, 'Asia/Kolkata')).toBe(330)
  })

  it('formats midnight as 00, not 24', () => {
    expect(formatWallClock(new Date('2025-03-01T05:00:00Z'), 'America/Cancun')).toBe(
      '2025-03-01 00:00:00',
    )
  })

  it('applies a fixed offset', () => {
    expect(formatWallClock(new Date('2025-01-01T00:30:00Z'), { offsetMinutes: -300 })).toBe(
      '2024-12-31 19:30:00',
    )
  })

  it('turns a wall clock back into the instant, across DST', () => {
    const wall = { year: 2025, month: 7, day: 1, hour: 9, minute: 0, second: 0 }
    expect(instantFromWall(wall, 'Europe/Berlin').toISOString()).toBe('2025-07-01T07:00:00.000Z')
    expect(instantFromWall({ ...wall, month: 1 }, 'Europe/Berlin').toISOString()).toBe(
      '2025-01-01T08:00:00.000Z',
    )
  })

  it('rejects unknown zones', () => {
    expect(isValidTimeZone('Mars/Olympus')).toBe(false)
    expect(isValidTimeZone('America/Mexico_City')).toBe(true)
  })

  it('decodes ZK seconds (months of 31 days)', () => {
    expect(wallFromZkSeconds(583080894)).toEqual({
      year: 2018,
      month: 2,
      day: 22,
      hour: 14,
      minute: 54,
      second: 54,
    })
    expect(() => wallFromZkSeconds(-1)).toThrow(RangeError)
  })
})
