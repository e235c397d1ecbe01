import { describe, expect, it } from 'vitest'
import {
  formatWallClock,
  instantFromWall,
  isValidTimeZone,
  wallParts,
  zoneOffsetMinutes,
} from './wall-time'

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
    expect(instantFromWall('2025-07-01 09:00:00', 'Europe/Berlin').toISOString()).toBe(
      '2025-07-01T07:00:00.000Z',
    )
    expect(instantFromWall('2025-01-01 09:00:00', 'Europe/Berlin').toISOString()).toBe(
      '2025-01-01T08:00:00.000Z',
    )
    expect(instantFromWall('2025-01-01 09:00:00', { offsetMinutes: 330 }).toISOString()).toBe(
      '2025-01-01T03:30:00.000Z',
    )
  })

  it('rejects unknown zones', () => {
    expect(isValidTimeZone('Mars/Olympus')).toBe(false)
    expect(isValidTimeZone('America/Mexico_City')).toBe(true)
  })

  it('splits a wall clock into fields, in an IANA zone and at a fixed offset', () => {
    const at = new Date('2025-12-31T23:30:00Z')
    expect(wallParts(at, 'Asia/Kolkata')).toEqual({
      year: 2026,
      month: 1,
      day: 1,
      hour: 5,
      minute: 0,
      second: 0,
    })
    expect(wallParts(at, { offsetMinutes: -90 })).toEqual({
      year: 2025,
      month: 12,
      day: 31,
      hour: 22,
      minute: 0,
      second: 0,
    })
  })
})
