import { describe, expect, it } from 'vitest'
import { dateTime, dayIn, nextDay, wallClock } from './dates'

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
})
