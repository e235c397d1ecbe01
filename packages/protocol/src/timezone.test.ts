import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  deviceTimeToInstant,
  formatDeviceTime,
  isTimeZone,
  offsetMinutesAt,
  parseTimeZoneOption,
  timeZoneOption,
} from './timezone'

const winter = new Date('2024-01-15T12:00:00Z')
const summer = new Date('2024-07-15T12:00:00Z')

describe('timeZoneOption', () => {
  it.each([
    ['Asia/Kolkata', winter, 330],
    ['Asia/Kathmandu', winter, 345],
    ['Asia/Shanghai', winter, 8],
    ['America/Mexico_City', winter, -6],
    ['America/Cancun', winter, -5],
    ['Europe/Berlin', winter, 1],
    ['Europe/Berlin', summer, 2],
    ['America/New_York', summer, -4],
    ['Pacific/Auckland', winter, 780],
    ['Pacific/Kiritimati', winter, 840],
    ['America/St_Johns', winter, -210],
    ['UTC', winter, 0],
  ])('%s at %s → %i', (zone, at, expected) => {
    expect(timeZoneOption(zone, at)).toBe(expected)
  })
  it('takes a fixed offset', () => {
    expect(timeZoneOption({ offsetMinutes: 330 }, winter)).toBe(330)
    expect(timeZoneOption({ offsetMinutes: -660 }, winter)).toBe(-11)
    expect(timeZoneOption({ offsetMinutes: 720 }, winter)).toBe(720)
    expect(() => timeZoneOption({ offsetMinutes: 30 }, winter)).toThrow(RangeError)
  })
  it('always round-trips through parseTimeZoneOption', () => {
    const offsets = fc
      .integer({ min: -14 * 60, max: 14 * 60 })
      .filter((o) => Math.abs(o) > 60 || o % 60 === 0)
    fc.assert(
      fc.property(
        offsets,
        (o) => parseTimeZoneOption(timeZoneOption({ offsetMinutes: o }, winter)) === o,
      ),
    )
  })
})

describe('parseTimeZoneOption', () => {
  it.each([
    [8, 480],
    [-6, -360],
    [0, 0],
    [330, 330],
    [-210, -210],
  ])('%i → %i minutes', (v, m) => expect(parseTimeZoneOption(v)).toBe(m))
  it.each([12, 30, 60, -45, 1.5])('%d is not a valid option', (v) => {
    expect(() => parseTimeZoneOption(v)).toThrow(RangeError)
  })
})

describe('device wall clock', () => {
  it('formats and reads back in a zone', () => {
    const instant = new Date('2024-01-15T02:02:00Z')
    expect(formatDeviceTime(instant, 'Asia/Kolkata')).toBe('2024-01-15 07:32:00')
    expect(deviceTimeToInstant('2024-01-15 07:32:00', 'Asia/Kolkata')).toEqual(instant)
    expect(offsetMinutesAt('America/New_York', winter)).toBe(-300)
  })
  it('picks the earlier instant of an ambiguous fall-back time', () => {
    // 2024-11-03 01:30 happens twice in New York: EDT (05:30Z) then EST (06:30Z).
    expect(deviceTimeToInstant('2024-11-03 01:30:00', 'America/New_York').toISOString()).toBe(
      '2024-11-03T05:30:00.000Z',
    )
  })
  it('moves a skipped spring-forward time forward by the gap', () => {
    // 2024-03-10 02:30 does not exist in New York; read with EST it is 07:30Z = 03:30 EDT.
    const t = deviceTimeToInstant('2024-03-10 02:30:00', 'America/New_York')
    expect(t.toISOString()).toBe('2024-03-10T07:30:00.000Z')
    expect(formatDeviceTime(t, 'America/New_York')).toBe('2024-03-10 03:30:00')
  })
  it('rejects malformed times', () => {
    expect(() => deviceTimeToInstant('yesterday', 'UTC')).toThrow(RangeError)
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
        const wall = formatDeviceTime(instant, zone)
        const back = deviceTimeToInstant(wall, zone)
        // Ambiguous wall times come back as the earlier instant; otherwise exactly.
        expect(formatDeviceTime(back, zone)).toBe(wall)
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
