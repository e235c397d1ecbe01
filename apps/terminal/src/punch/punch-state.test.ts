import type { WallClockParts } from '@webroster/protocol'
import { describe, expect, it } from 'vitest'
import type { PunchRecord } from '../store/types'
import { punchStatus } from './punch-state'

const at = (hour: number, minute = 0): WallClockParts => ({
  year: 2025,
  month: 5,
  day: 20,
  hour,
  minute,
  second: 0,
})
const none = () => undefined

describe('punchStatus', () => {
  it('returns the fixed status', () => {
    expect(punchStatus({ kind: 'fixed', status: 255 }, '1', at(9), none)).toBe(255)
  })

  it('picks the latest slot started by the time of day, wrapping before the first', () => {
    const rule = {
      kind: 'time-of-day' as const,
      slots: [
        { from: '05:00', status: 0 },
        { from: '12:00', status: 2 },
        { from: '13:00', status: 3 },
        { from: '15:00', status: 1 },
      ],
    }
    const got = [at(4, 59), at(5), at(12, 30), at(13), at(23, 59)].map((w) =>
      punchStatus(rule, '1', w, none),
    )
    expect(got).toEqual([1, 0, 2, 3, 1])
  })

  it('toggles from the last punch of the same day', () => {
    const days: string[] = []
    const last = (status: number) => (_pin: string, day: string) => {
      days.push(day)
      return { status } as PunchRecord
    }
    expect(punchStatus({ kind: 'toggle' }, '1', at(9), none)).toBe(0)
    expect(punchStatus({ kind: 'toggle' }, '1', at(9), last(0))).toBe(1)
    expect(punchStatus({ kind: 'toggle' }, '1', at(9), last(1))).toBe(0)
    expect(days).toEqual(['2025-05-20', '2025-05-20'])
  })
})
