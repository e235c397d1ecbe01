import { describe, expect, it } from 'vitest'
import { parseTransTimes, scheduledTimePassed } from './upload-schedule'

describe('TransTimes', () => {
  it('keeps the valid HH:MM entries, sorted and unique', () => {
    expect(parseTransTimes('14:05;00:00;25:00;14:05; 9:00;x')).toEqual(['00:00', '14:05'])
    expect(parseTransTimes('')).toEqual([])
    expect(parseTransTimes(undefined)).toEqual([])
  })

  it('finds a slot between two polls, including across midnight', () => {
    const times = ['00:00', '14:05']
    expect(scheduledTimePassed(times, '2025-05-20 14:04:50', '2025-05-20 14:05:00')).toBe(true)
    expect(scheduledTimePassed(times, '2025-05-20 14:05:00', '2025-05-20 14:05:30')).toBe(false)
    expect(scheduledTimePassed(times, '2025-05-20 23:59:40', '2025-05-21 00:00:10')).toBe(true)
    expect(scheduledTimePassed(times, '2025-05-20 10:00:00', '2025-05-20 14:00:00')).toBe(false)
  })

  it('fires once after a long gap and never when the clock went back', () => {
    expect(scheduledTimePassed(['14:05'], '2025-05-10 15:00:00', '2025-05-20 09:00:00')).toBe(true)
    expect(scheduledTimePassed(['14:05'], '2025-05-20 14:10:00', '2025-05-20 14:00:00')).toBe(false)
    expect(scheduledTimePassed([], '2025-05-10 15:00:00', '2025-05-20 09:00:00')).toBe(false)
  })
})
