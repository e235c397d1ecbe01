import { describe, expect, it } from 'vitest'
import { addDays, datesFromTo, daysBetween, weekdayIndex } from './dates'

describe('calendar dates', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['1969-12-31', 1, '1970-01-01'],
  ])('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected)
  })

  it('counts weekdays from Monday and days across years', () => {
    expect(weekdayIndex('2026-01-05')).toBe(0)
    expect(weekdayIndex('2026-01-04')).toBe(6)
    expect(weekdayIndex('1969-12-29')).toBe(0)
    expect(daysBetween('2025-12-30', '2026-01-02')).toBe(3)
    expect(datesFromTo('2026-03-01', '2026-02-27')).toEqual([])
    expect(datesFromTo('2024-02-28', '2024-03-01')).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ])
  })
})
