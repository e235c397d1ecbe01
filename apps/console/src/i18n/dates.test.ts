import { describe, expect, it } from 'vitest'
import {
  calendarDay,
  dateTime,
  dayIn,
  dayLabel,
  monthDays,
  nextDay,
  wallClock,
  weekday,
} from './dates'

describe('dates in the site zone', () => {
  const late = new Date('2026-03-02T03:30:00Z')

  it('reads the day in the site zone, not the browser’s', () => {
    expect(dayIn('UTC', late)).toBe('2026-03-02')
    expect(dayIn('America/Mexico_City', late)).toBe('2026-03-01')
    expect(nextDay('2026-02-28')).toBe('2026-03-01')
  })

  it('writes the wall clock and the locale’s own format', () => {
    expect(wallClock(late.toISOString(), 'America/Mexico_City')).toBe('2026-03-01 21:30:00')
    expect(dateTime(late.toISOString(), 'UTC', 'es-ES')).toContain('2026')
    expect(dateTime(null, 'UTC', 'en')).toBe('—')
  })

  it('writes calendar dates without shifting them by the browser zone, and knows month lengths', () => {
    expect(dayLabel('2026-03-01', 'en-GB')).toBe('1 Mar')
    expect(weekday('2026-03-01', 'es-ES')).toBe('dom')
    expect(monthDays('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(calendarDay(new Date('2026-03-01'))).toBe('2026-03-01')
    expect(calendarDay('2026-03-01')).toBe('2026-03-01')
    expect(dayLabel(new Date('2026-03-01'), 'en-GB')).toBe('1 Mar')
    expect(monthDays('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' })
  })
})
