/**
 * Which shift applies to a person on a date: the most specific schedule covering the date (person over group over
 * everyone; among equals the later `from`, then the higher id so the choice never depends on input order).
 */
import { daysBetween, weekdayIndex } from './dates'
import { holidayOn } from './holidays'
import type { Holiday, ResolvedDay, Schedule, SchedulePattern, ScheduleTarget } from './model'

/**
 * How specific a target is for this person: 3 person, 2 group, 1 everyone, 0 when it does not apply to them.
 * @example targetRank({ kind: 'group', group: 'night' }, '7', ['night']) // 2
 */
export function targetRank(target: ScheduleTarget, pin: string, groups: readonly string[]): number {
  switch (target.kind) {
    case 'person':
      return target.pin === pin ? 3 : 0
    case 'group':
      return groups.includes(target.group) ? 2 : 0
    case 'everyone':
      return 1
  }
}

/**
 * The shift id a pattern gives on `date` (null: day off).
 * @example shiftOfPattern({ kind: 'rotation', anchor: '2024-01-01', cycle: [1, 1, null, null] }, '2024-01-07') // null
 */
export function shiftOfPattern(pattern: SchedulePattern, date: string): number | null {
  if (pattern.kind === 'weekly') return pattern.days[weekdayIndex(date)] ?? null
  const n = pattern.cycle.length
  if (n === 0) return null
  const index = ((daysBetween(pattern.anchor, date) % n) + n) % n
  return pattern.cycle[index] ?? null
}

/**
 * The schedule that applies to a person on `date`, or null when none covers it.
 * @example scheduleFor('2024-01-01', '7', [], [{ id: 1, target: { kind: 'everyone' }, from: '2023-01-01', until: null, pattern: { kind: 'weekly', days: [1, 1, 1, 1, 1, null, null] } }])?.id // 1
 */
export function scheduleFor(
  date: string,
  pin: string,
  groups: readonly string[],
  schedules: readonly Schedule[],
): Schedule | null {
  let best: Schedule | null = null
  let bestRank = 0
  for (const s of schedules) {
    if (s.from > date || (s.until !== null && s.until < date)) continue
    const rank = targetRank(s.target, pin, groups)
    if (rank === 0 || rank < bestRank) continue
    if (
      best === null ||
      rank > bestRank ||
      s.from > best.from ||
      (s.from === best.from && s.id > best.id)
    ) {
      best = s
      bestRank = rank
    }
  }
  return best
}

/**
 * What applies on a date: the scheduled shift (null: day off or no schedule; a holiday does not clear it), the
 * holiday, and the schedule chosen.
 * @example resolveDay('2024-12-25', '7', [], [], [{ date: '2020-12-25', name: 'Christmas', recurring: true }]) // { shiftId: null, holiday: { date: '2020-12-25', name: 'Christmas', recurring: true }, scheduleId: null }
 */
export function resolveDay(
  date: string,
  pin: string,
  groups: string[],
  schedules: Schedule[],
  holidays: Holiday[],
): ResolvedDay {
  const schedule = scheduleFor(date, pin, groups, schedules)
  return {
    shiftId: schedule === null ? null : shiftOfPattern(schedule.pattern, date),
    holiday: holidayOn(date, holidays),
    scheduleId: schedule?.id ?? null,
  }
}
