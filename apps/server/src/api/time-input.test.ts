import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors'
import {
  EXPORT_BOUND,
  instantOf,
  PUNCH_TIME,
  parseTimeInput,
  QUERY_BOUND,
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

  it('reads an export bound as a day (midnight in the zone) or an instant ending in a zone', () => {
    expect(read('2025-01-15', EXPORT_BOUND)).toEqual({
      wallClock: '2025-01-15 00:00:00',
      instant: '2025-01-14T18:30:00.000Z',
    })
    expect(read('2025-01-15T02:02:00.5-01:00', EXPORT_BOUND).instant).toBe(
      '2025-01-15T03:02:00.500Z',
    )
    expect(refusal('2025-01-15 07:32:00', EXPORT_BOUND)).toBe(
      'not a date or an ISO instant with a zone: 2025-01-15 07:32:00',
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
