import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from './dates'
import type { DayRecord, EnginePunch, PersonDaysInput, Schedule } from './model'
import { computePersonDays } from './person-days'
import { at, dayShift, nightShift } from './testing/fixtures'

const MINUTE = 60_000

const shiftArb = fc
  .record({
    night: fc.boolean(),
    pairing: fc.constantFrom('first-last' as const, 'pairs' as const),
    pairsBreak: fc.boolean(),
    overtimeBeforeStart: fc.boolean(),
    minimumOvertimeMinutes: fc.constantFrom(0, 30),
  })
  .map(({ night, pairsBreak, ...rest }) =>
    (night ? nightShift : dayShift)({
      ...rest,
      ...(pairsBreak ? { breakRule: { kind: 'pairs' as const } } : {}),
    }),
  )

const scheduleArb: fc.Arbitrary<Schedule> = fc.oneof(
  fc.array(fc.constantFrom(1, 2, null), { minLength: 7, maxLength: 7 }).map((days) => ({
    id: 1,
    target: { kind: 'everyone' as const },
    from: '2020-01-01',
    until: null,
    pattern: { kind: 'weekly' as const, days },
  })),
  fc.array(fc.constantFrom(1, 2, null), { minLength: 1, maxLength: 8 }).map((cycle) => ({
    id: 1,
    target: { kind: 'everyone' as const },
    from: '2020-01-01',
    until: null,
    pattern: { kind: 'rotation' as const, anchor: '2026-01-01', cycle },
  })),
)

/** Twelve days around a DST change (or not), with punches anywhere in them and some bursts. */
const scenarioArb = fc
  .record({
    timeZone: fc.constantFrom('UTC', 'Europe/Madrid', 'America/New_York'),
    base: fc.constantFrom('2026-03-04', '2026-03-25', '2026-10-21', '2026-10-28', '2026-06-10'),
    day: shiftArb,
    night: shiftArb,
    schedule: scheduleArb,
    punches: fc.array(
      fc.record({
        minute: fc.integer({ min: 0, max: 14 * 24 * 60 }),
        second: fc.integer({ min: 0, max: 59 }),
        direction: fc.constantFrom('in' as const, 'out' as const, 'unknown' as const),
        echo: fc.boolean(),
      }),
      { maxLength: 60 },
    ),
  })
  .map(({ timeZone, base, day, night, schedule, punches }) => {
    const origin = at(`${addDays(base, -2)} 00:00`, timeZone)
    const list: EnginePunch[] = []
    for (const [i, p] of punches.entries()) {
      const instant = origin + p.minute * MINUTE + p.second * 1000
      list.push({ id: 2 * i + 1, at: instant, direction: p.direction })
      // A second punch a few seconds later: the double taps dedupe must absorb.
      if (p.echo) list.push({ id: 2 * i + 2, at: instant + 3000, direction: p.direction })
    }
    const input: PersonDaysInput = {
      pin: '7',
      groups: [],
      timeZone,
      from: base,
      to: addDays(base, 9),
      punches: list,
      shifts: [
        { ...day, id: 1 },
        { ...night, id: 2 },
      ],
      schedules: [schedule],
      holidays: [{ date: addDays(base, 4), name: 'Holiday', recurring: false }],
    }
    return input
  })

/** The punches the contract passes for a range: from (from - 1 day) to (to + 2 days). */
function forRange(input: PersonDaysInput, from: string, to: string): PersonDaysInput {
  const lo = at(`${addDays(from, -1)} 00:00`, input.timeZone)
  const hi = at(`${addDays(to, 3)} 00:00`, input.timeZone)
  return { ...input, from, to, punches: input.punches.filter((p) => p.at >= lo && p.at < hi) }
}

const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const out = [...items]
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648
    const j = s % (i + 1)
    const tmp = out[i] as T
    out[i] = out[j] as T
    out[j] = tmp
  }
  return out
}

describe('computePersonDays, for any punches and schedule', () => {
  it('never counts more worked time than the span of the punches a day used', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const byId = new Map(input.punches.map((p) => [p.id, p.at]))
        for (const r of computePersonDays(input)) {
          const ats = r.punchIds.map((id) => byId.get(id) ?? Number.NaN)
          const span = ats.length === 0 ? 0 : Math.max(...ats) - Math.min(...ats)
          expect(r.workedMinutes * MINUTE).toBeLessThanOrEqual(span)
          expect(r.overtimeMinutes).toBeLessThanOrEqual(r.workedMinutes)
        }
      }),
    )
  })

  it('gives each punch to one day at most', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const ids = computePersonDays(input).flatMap((r) => r.punchIds)
        expect(new Set(ids).size).toBe(ids.length)
      }),
    )
  })

  it('does not depend on the order punches arrive in', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 1_000_000 }), (input, seed) => {
        const reordered = { ...input, punches: shuffled(input.punches, seed) }
        expect(computePersonDays(reordered)).toEqual(computePersonDays(input))
      }),
    )
  })

  it('gives the same result computed twice, and leaves its input alone', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const before = structuredClone(input)
        const first = computePersonDays(input)
        expect(computePersonDays(input)).toEqual(first)
        expect(input).toEqual(before)
      }),
    )
  })

  it('agrees with itself on the days two overlapping ranges share', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const a = computePersonDays(forRange(input, input.from, addDays(input.from, 5)))
        const b = computePersonDays(forRange(input, addDays(input.from, 3), input.to))
        const shared = (records: DayRecord[]) =>
          records.filter(
            (r) => r.date >= addDays(input.from, 3) && r.date <= addDays(input.from, 5),
          )
        expect(shared(a)).toHaveLength(3)
        expect(shared(a)).toEqual(shared(b))
      }),
    )
  })
})
