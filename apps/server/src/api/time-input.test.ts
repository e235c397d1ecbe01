import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors'
import {
  instantOf,
  PUNCH_TIME,
  parseTimeInput,
  QUERY_BOUND,
  RANGE_BOUND,
  rangeBound,
  wallClockOf,
} from './time-input'

const ZONE = 'Asia/Kolkata'
const read = (text: string, forms: typeof PUNCH_TIME) => {
  const input = parseTimeInput(text, 'time', forms)
  return { wallClock: wallClockOf(input, ZONE), instant: instantOf(input, ZONE).toISOString() }
}
const refusal = (text: string, forms: typeof PUNCH_TIME) => {
  try {
    parseTimeInput(text, 'time', forms)
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError)
    return (e as Error).message
  }
  return undefined
}

describe('time inputs', () => {
  it('reads a punch time as a real wall clock in the zone or an ISO instant with a zone', () => {
    const same = { wallClock: '2025-01-15 07:32:00', instant: '2025-01-15T02:02:00.000Z' }
    expect(read('2025-01-15 07:32:00', PUNCH_TIME)).toEqual(same)
    expect(read('2025-01-15T07:32:00', PUNCH_TIME)).toEqual(same)
    expect(read('2025-01-15T02:02:00Z', PUNCH_TIME)).toEqual(same)
    expect(read('2025-01-15T07:32:00+05:30', PUNCH_TIME)).toEqual(same)
    expect(refusal('2025-02-30 07:32:00', PUNCH_TIME)).toBe(
      'not a real date and time: 2025-02-30 07:32:00',
    )
    expect(refusal('2025-01-15T02:02:00.5', PUNCH_TIME)).toMatch(/^time must be/)
    expect(refusal('Jan 15 2025 02:02 GMT+0000', PUNCH_TIME)).toMatch(/^time must be/)
  })

  it('reads a range bound as ISO 8601 only: a day, a month, a wall clock in the zone, or an instant', () => {
    expect(read('2025-01-15', RANGE_BOUND)).toEqual({
      wallClock: '2025-01-15 00:00:00',
      instant: '2025-01-14T18:30:00.000Z',
    })
    expect(read('2025-01', RANGE_BOUND).wallClock).toBe('2025-01-01 00:00:00')
    expect(read('2026-12-01T00:00:00', RANGE_BOUND).instant).toBe('2026-11-30T18:30:00.000Z')
    expect(read('2025-01-15T02:02:00.5-01:00', RANGE_BOUND).instant).toBe(
      '2025-01-15T03:02:00.500Z',
    )
    for (const text of ['01/12/2026', '12/01/2026', 'Dec 1 2026 GMT', '2026-13', '2026-02-30']) {
      expect(refusal(text, RANGE_BOUND), text).toMatch(/must be ISO 8601|not a date/)
    }
  })

  it('includes a day or a month given as `to` whole', () => {
    expect(rangeBound('2026-12', 'from', 'UTC').toISOString()).toBe('2026-12-01T00:00:00.000Z')
    expect(rangeBound('2026-12', 'to', 'UTC').toISOString()).toBe('2027-01-01T00:00:00.000Z')
    expect(rangeBound('2026-02-28', 'to', ZONE).toISOString()).toBe('2026-02-28T18:30:00.000Z')
    expect(rangeBound('2026-12-01T08:00:00Z', 'to', ZONE).toISOString()).toBe(
      '2026-12-01T08:00:00.000Z',
    )
  })

  it('passes a query bound shaped like a wall clock through, and converts any instant', () => {
    const shape = parseTimeInput('2025-02-31T10:00:00', 'from', QUERY_BOUND)
    expect(wallClockOf(shape, ZONE)).toBe('2025-02-31 10:00:00')
    expect(wallClockOf(parseTimeInput('2025-01-15T02:02:00Z', 'from', QUERY_BOUND), ZONE)).toBe(
      '2025-01-15 07:32:00',
    )
    expect(() => parseTimeInput('noon', 'from', QUERY_BOUND)).toThrow(
      '"from" must be an ISO instant or YYYY-MM-DD HH:MM:SS',
    )
  })
})
