import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatTimeZoneOption, parseTimeZoneOption } from './time-zone-option'

const winter = new Date('2024-01-15T12:00:00Z')
const summer = new Date('2024-07-15T12:00:00Z')

describe('formatTimeZoneOption', () => {
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
    expect(formatTimeZoneOption(zone, at)).toBe(expected)
  })
  it('takes a fixed offset', () => {
    expect(formatTimeZoneOption({ offsetMinutes: 330 }, winter)).toBe(330)
    expect(formatTimeZoneOption({ offsetMinutes: -660 }, winter)).toBe(-11)
    expect(formatTimeZoneOption({ offsetMinutes: 720 }, winter)).toBe(720)
    expect(() => formatTimeZoneOption({ offsetMinutes: 30 }, winter)).toThrow(RangeError)
  })
  it('always round-trips through parseTimeZoneOption', () => {
    const offsets = fc
      .integer({ min: -14 * 60, max: 14 * 60 })
      .filter((o) => Math.abs(o) > 60 || o % 60 === 0)
    fc.assert(
      fc.property(
        offsets,
        (o) => parseTimeZoneOption(formatTimeZoneOption({ offsetMinutes: o }, winter)) === o,
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
