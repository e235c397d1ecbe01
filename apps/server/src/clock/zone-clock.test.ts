import { instantFromWallClock } from '@webroster/protocol'
import { describe, expect, it } from 'vitest'
import { ZoneClock } from './zone-clock'

describe('ZoneClock', () => {
  const clock = new ZoneClock()
  const cases: Array<[string, string]> = [
    ['2025-01-15 07:32:00', 'America/Mexico_City'],
    ['2025-01-15 07:59:59', 'Asia/Kolkata'],
    // spring-forward gap and fall-back overlap in Madrid
    ['2025-03-30 02:30:00', 'Europe/Madrid'],
    ['2025-10-26 02:30:00', 'Europe/Madrid'],
    ['2025-10-26 02:59:59', 'Europe/Madrid'],
    ['2025-03-30 01:59:59', 'Europe/Madrid'],
    ['2024-02-29 23:00:00', 'Australia/Lord_Howe'],
  ]

  it('agrees with instantFromWallClock, DST changes included, on first and repeated use', () => {
    for (let round = 0; round < 2; round++) {
      for (const [local, zone] of cases) {
        expect([local, zone, clock.toInstant(local, zone).toISOString()]).toEqual([
          local,
          zone,
          instantFromWallClock(local, zone).toISOString(),
        ])
      }
    }
  })

  it('rejects malformed times', () => {
    expect(() => clock.toInstant('2025-02-30 08:00:00', 'UTC')).toThrow(RangeError)
  })
})
