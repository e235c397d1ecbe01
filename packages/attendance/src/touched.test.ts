import { describe, expect, it } from 'vitest'
import { datesTouchedBy } from './touched'

describe('datesTouchedBy', () => {
  it('names the local date of the punch and the dates either side', () => {
    // 23:30 on 7 March in New York is already 8 March in UTC.
    expect(datesTouchedBy(Date.parse('2026-03-08T04:30:00Z'), 'America/New_York')).toEqual([
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ])
    expect(datesTouchedBy(Date.parse('2026-03-08T04:30:00Z'), 'UTC')).toEqual([
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
    ])
  })
})
