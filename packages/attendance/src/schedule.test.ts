import { describe, expect, it } from 'vitest'
import type { Holiday, Schedule } from './model'
import { resolveDay } from './schedule'
import { weekdays } from './testing/fixtures'

const rotation: Schedule = {
  id: 5,
  target: { kind: 'group', group: 'plant' },
  from: '2026-01-01',
  until: null,
  pattern: { kind: 'rotation', anchor: '2026-01-01', cycle: [1, 1, 1, 1, null, null, null, null] },
}

describe('resolveDay', () => {
  it('walks a 4-on/4-off rotation from its anchor, before it too', () => {
    const shifts = [
      '2026-01-01',
      '2026-01-04',
      '2026-01-05',
      '2026-01-08',
      '2026-01-09',
      '2026-01-17',
    ].map((d) => resolveDay(d, '7', ['plant'], [rotation], []).shiftId)
    expect(shifts).toEqual([1, 1, null, null, 1, 1])
    const before = { ...rotation, from: '2025-12-01' }
    expect(resolveDay('2025-12-31', '7', ['plant'], [before], []).shiftId).toBe(null)
    expect(resolveDay('2025-12-27', '7', ['plant'], [before], []).shiftId).toBe(1)
  })

  it('finds a recurring holiday every year from its first, and a one-off only on its date', () => {
    const holidays: Holiday[] = [
      { date: '2020-12-25', name: 'Christmas', recurring: true },
      { date: '2026-05-04', name: 'Bridge day', recurring: false },
    ]
    expect(resolveDay('2026-12-25', '7', [], [], holidays).holiday?.name).toBe('Christmas')
    expect(resolveDay('2019-12-25', '7', [], [], holidays).holiday).toBe(null)
    expect(resolveDay('2026-05-04', '7', [], [], holidays).holiday?.name).toBe('Bridge day')
    expect(resolveDay('2027-05-04', '7', [], [], holidays).holiday).toBe(null)
  })

  it('lets a person schedule override the group one from its date on', () => {
    const group: Schedule = {
      ...weekdays(1, '2026-01-01', 1),
      target: { kind: 'group', group: 'a' },
    }
    const person: Schedule = {
      ...weekdays(2, '2026-01-15', 2),
      target: { kind: 'person', pin: '7' },
    }
    const day = (d: string, pin = '7') => resolveDay(d, pin, ['a'], [person, group], [])
    expect(day('2026-01-14')).toEqual({ shiftId: 1, holiday: null, scheduleId: 1 })
    expect(day('2026-01-15')).toEqual({ shiftId: 2, holiday: null, scheduleId: 2 })
    expect(day('2026-01-15', '8').scheduleId).toBe(1)
  })

  it('prefers group over everyone, then the later from, and stops at until', () => {
    const everyone = weekdays(1, '2026-01-01', 1)
    const oldGroup: Schedule = {
      ...weekdays(2, '2025-01-01', 2),
      target: { kind: 'group', group: 'a' },
    }
    const newGroup: Schedule = {
      ...weekdays(3, '2026-01-10', 3),
      target: { kind: 'group', group: 'a' },
      until: '2026-01-20',
    }
    const all = [newGroup, everyone, oldGroup]
    expect(resolveDay('2026-01-12', '7', ['a'], all, []).scheduleId).toBe(3)
    expect(resolveDay('2026-01-21', '7', ['a'], all, []).scheduleId).toBe(2)
    expect(resolveDay('2026-01-21', '7', ['b'], all, []).scheduleId).toBe(1)
    expect(resolveDay('2026-01-21', '7', ['b'], all, []).shiftId).toBe(1)
    expect(resolveDay('2026-01-24', '7', ['b'], all, []).shiftId).toBe(null)
  })
})
