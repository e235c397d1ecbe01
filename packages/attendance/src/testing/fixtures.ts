/** Builders for the engine's tests: a day shift, a night shift, schedules and punches by local wall time. */
import { instantFromWallClock } from '@webroster/protocol/time'
import type { EnginePunch, PersonDaysInput, PunchDirection, Schedule, Shift } from '../model'

/** 09:00-17:00, check-in 08:00-13:00, check-out 13:00-19:00, 5 min grace, 60 min fixed break. */
export function dayShift(overrides: Partial<Shift> = {}): Shift {
  return {
    id: 1,
    name: 'Day',
    start: '09:00',
    end: '17:00',
    checkInOpensBefore: 60,
    checkInClosesAfter: 240,
    checkOutOpensBefore: 240,
    checkOutClosesAfter: 120,
    graceLateMinutes: 5,
    graceEarlyMinutes: 5,
    breakRule: { kind: 'fixed', minutes: 60 },
    fullDayMinutes: 420,
    halfDayMinutes: 240,
    pairing: 'first-last',
    overtimeAfterEnd: true,
    overtimeBeforeStart: false,
    minimumOvertimeMinutes: 30,
    ...overrides,
  }
}

/** 22:00-06:00 the next day, check-in 21:00-02:00, check-out 02:00-08:00, 30 min fixed break. */
export function nightShift(overrides: Partial<Shift> = {}): Shift {
  return dayShift({
    id: 2,
    name: 'Night',
    start: '22:00',
    end: '06:00',
    breakRule: { kind: 'fixed', minutes: 30 },
    ...overrides,
  })
}

/** A weekly schedule for everyone from `from` on: `shiftId` Monday to Friday, weekends off. */
export function weekdays(shiftId: number, from = '2020-01-01', id = 1): Schedule {
  return {
    id,
    target: { kind: 'everyone' },
    from,
    until: null,
    pattern: { kind: 'weekly', days: [shiftId, shiftId, shiftId, shiftId, shiftId, null, null] },
  }
}

/** The instant of local wall time 'YYYY-MM-DD HH:MM[:SS]' in `timeZone`. */
export function at(wall: string, timeZone: string): number {
  const full = wall.length === 16 ? `${wall}:00` : wall
  return instantFromWallClock(full, timeZone).getTime()
}

/** Punches from [wall time, direction] pairs, ids from 1 in the order given. */
export function punchesAt(timeZone: string, ...items: [string, PunchDirection][]): EnginePunch[] {
  return items.map(([wall, direction], i) => ({ id: i + 1, at: at(wall, timeZone), direction }))
}

/** An input for one person with the day shift on weekdays, in UTC, overridable. */
export function personInput(overrides: Partial<PersonDaysInput> = {}): PersonDaysInput {
  return {
    pin: '7',
    groups: [],
    timeZone: 'UTC',
    from: '2026-01-05',
    to: '2026-01-05',
    punches: [],
    shifts: [dayShift(), nightShift()],
    schedules: [weekdays(1)],
    holidays: [],
    ...overrides,
  }
}
