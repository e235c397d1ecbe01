import { wallClockFromInstant } from '@webroster/protocol/time'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { localDateOf } from './zone'

const ZONES = ['UTC', 'Europe/Madrid', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu']
const HOUR = 3_600_000

describe('localDateOf', () => {
  it('answers from the day it last found, and leaves that day at its exact bounds', () => {
    // 2026-03-29 is 23 hours long in Madrid: it begins 2026-03-28T23:00Z and ends 2026-03-29T22:00Z.
    const start = Date.parse('2026-03-28T23:00:00Z')
    const end = Date.parse('2026-03-29T22:00:00Z')
    expect(localDateOf(start + HOUR, 'Europe/Madrid')).toBe('2026-03-29')
    expect(localDateOf(start - 1, 'Europe/Madrid')).toBe('2026-03-28')
    expect(localDateOf(start, 'Europe/Madrid')).toBe('2026-03-29')
    expect(localDateOf(end - 1, 'Europe/Madrid')).toBe('2026-03-29')
    expect(localDateOf(end, 'Europe/Madrid')).toBe('2026-03-30')
  })

  it('agrees with the wall clock for any run of instants in any zone, DST days included', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        // Around the spring and autumn changes of 2026 in the north and the south.
        fc.constantFrom(
          '2026-03-08',
          '2026-03-29',
          '2026-04-05',
          '2026-10-04',
          '2026-10-25',
          '2026-11-01',
        ),
        fc.array(fc.integer({ min: -60 * HOUR, max: 60 * HOUR }), { minLength: 1, maxLength: 40 }),
        (zone, around, offsets) => {
          const base = Date.parse(`${around}T00:00:00Z`)
          for (const o of offsets) {
            const at = base + o
            expect(localDateOf(at, zone)).toBe(
              wallClockFromInstant(new Date(at), zone).slice(0, 10),
            )
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
