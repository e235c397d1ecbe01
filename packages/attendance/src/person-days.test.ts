import { describe, expect, it } from 'vitest'
import type { DayRecord, Schedule } from './model'
import { computePersonDays } from './person-days'
import { at, dayShift, nightShift, personInput, punchesAt, weekdays } from './testing/fixtures'

const one = (records: DayRecord[], date: string): DayRecord => {
  const r = records.find((x) => x.date === date)
  if (r === undefined) throw new Error(`no record for ${date}`)
  return r
}

describe('a 09:00-17:00 day', () => {
  const zone = 'Europe/Madrid'
  const day = (...items: [string, 'in' | 'out' | 'unknown'][]) =>
    one(
      computePersonDays(personInput({ timeZone: zone, punches: punchesAt(zone, ...items) })),
      '2026-01-05',
    )

  it('is present with the fixed break taken off and no overtime under the minimum', () => {
    const r = day(['2026-01-05 08:55', 'in'], ['2026-01-05 17:10', 'out'])
    expect(r).toEqual({
      pin: '7',
      date: '2026-01-05',
      shiftId: 1,
      status: 'present',
      firstIn: at('2026-01-05 08:55', zone),
      lastOut: at('2026-01-05 17:10', zone),
      workedMinutes: 435,
      breakMinutes: 60,
      lateMinutes: 0,
      earlyLeaveMinutes: 0,
      overtimeMinutes: 0,
      punchIds: [1, 2],
      exceptions: [],
    })
  })

  it('counts overtime after the end once it reaches the minimum', () => {
    expect(day(['2026-01-05 09:00', 'in'], ['2026-01-05 17:45', 'out']).overtimeMinutes).toBe(45)
  })

  it('counts time before the start as overtime only when the shift says so', () => {
    const punches = punchesAt(zone, ['2026-01-05 08:00', 'in'], ['2026-01-05 17:00', 'out'])
    const base = { timeZone: zone, punches }
    const without = computePersonDays(personInput(base))[0]
    const withRule = computePersonDays(
      personInput({ ...base, shifts: [dayShift({ overtimeBeforeStart: true })] }),
    )[0]
    expect([without?.overtimeMinutes, withRule?.overtimeMinutes]).toEqual([0, 60])
  })

  it('is on time exactly on the grace boundary and late one minute after', () => {
    expect(day(['2026-01-05 09:05', 'in'], ['2026-01-05 17:00', 'out'])).toMatchObject({
      lateMinutes: 0,
      exceptions: [],
    })
    expect(day(['2026-01-05 09:06', 'in'], ['2026-01-05 17:10', 'out'])).toMatchObject({
      status: 'present',
      lateMinutes: 6,
      exceptions: [{ kind: 'late-arrival', punchId: 1, minutes: 6 }],
    })
  })

  it('leaves early only beyond the grace', () => {
    expect(day(['2026-01-05 09:00', 'in'], ['2026-01-05 16:55', 'out']).earlyLeaveMinutes).toBe(0)
    expect(day(['2026-01-05 09:00', 'in'], ['2026-01-05 16:54', 'out'])).toMatchObject({
      earlyLeaveMinutes: 6,
      exceptions: [{ kind: 'early-leave', punchId: 2, minutes: 6 }],
    })
  })

  it('counts two punches a second apart once', () => {
    const r = day(
      ['2026-01-05 08:58:00', 'in'],
      ['2026-01-05 08:58:01', 'in'],
      ['2026-01-05 17:02:00', 'out'],
      ['2026-01-05 17:02:01', 'out'],
    )
    expect(r).toMatchObject({ status: 'present', punchIds: [1, 3], workedMinutes: 424 })
  })

  it('takes first in and last out when every punch is state 255', () => {
    const r = day(
      ['2026-01-05 08:50', 'unknown'],
      ['2026-01-05 12:00', 'unknown'],
      ['2026-01-05 17:20', 'unknown'],
    )
    expect(r).toMatchObject({
      status: 'present',
      firstIn: at('2026-01-05 08:50', zone),
      lastOut: at('2026-01-05 17:20', zone),
      workedMinutes: 450,
      punchIds: [1, 2, 3],
    })
  })

  it('takes the break from out/in pairs, in either pairing', () => {
    const items: [string, 'unknown'][] = [
      ['2026-01-05 09:00', 'unknown'],
      ['2026-01-05 12:00', 'unknown'],
      ['2026-01-05 12:45', 'unknown'],
      ['2026-01-05 17:00', 'unknown'],
    ]
    const punches = punchesAt(zone, ...items)
    for (const pairing of ['first-last', 'pairs'] as const) {
      const shifts = [dayShift({ pairing, breakRule: { kind: 'pairs' } })]
      const [r] = computePersonDays(personInput({ timeZone: zone, punches, shifts }))
      expect(r).toMatchObject({ status: 'present', workedMinutes: 435, breakMinutes: 45 })
    }
  })

  it('takes directions from the device state when it sends one', () => {
    const r = day(
      ['2026-01-05 08:30', 'out'],
      ['2026-01-05 08:55', 'in'],
      ['2026-01-05 17:05', 'out'],
      ['2026-01-05 17:30', 'in'],
    )
    expect(r).toMatchObject({
      firstIn: at('2026-01-05 08:55', zone),
      lastOut: at('2026-01-05 17:05', zone),
      workedMinutes: 430,
    })
  })

  it('sums in/out pairs by state and takes a fixed break off them', () => {
    const punches = punchesAt(
      zone,
      ['2026-01-05 09:00', 'in'],
      ['2026-01-05 09:10', 'in'],
      ['2026-01-05 12:00', 'out'],
      ['2026-01-05 13:00', 'in'],
      ['2026-01-05 18:00', 'out'],
    )
    const shifts = [dayShift({ pairing: 'pairs', breakRule: { kind: 'fixed', minutes: 30 } })]
    const [r] = computePersonDays(personInput({ timeZone: zone, punches, shifts }))
    // 09:00-12:00 and 13:00-18:00 (the second 'in' repeats the first), less 30 minutes.
    expect(r).toMatchObject({ workedMinutes: 450, breakMinutes: 30, overtimeMinutes: 60 })
  })

  it('reports a missing check-out, a missing check-in, and absence', () => {
    expect(day(['2026-01-05 08:58', 'in'])).toMatchObject({
      status: 'missing-check-out',
      workedMinutes: 0,
      exceptions: [{ kind: 'missing-check-out', punchId: null, minutes: null }],
    })
    expect(day(['2026-01-05 17:01', 'out']).status).toBe('missing-check-in')
    expect(day()).toMatchObject({
      status: 'absent',
      exceptions: [{ kind: 'absent', punchId: null, minutes: null }],
    })
  })

  it('makes a short day a half day, and a shorter one absent', () => {
    expect(day(['2026-01-05 09:00', 'in'], ['2026-01-05 14:00', 'out'])).toMatchObject({
      status: 'half-day',
      workedMinutes: 240,
    })
    expect(day(['2026-01-05 09:00', 'in'], ['2026-01-05 13:30', 'out'])).toMatchObject({
      status: 'absent',
      workedMinutes: 210,
    })
  })

  it('keeps a punch outside every window out of the day and lists it', () => {
    const r = day(
      ['2026-01-05 09:00', 'in'],
      ['2026-01-05 17:00', 'out'],
      ['2026-01-05 21:30', 'in'],
    )
    expect(r).toMatchObject({
      status: 'present',
      punchIds: [1, 2],
      exceptions: [{ kind: 'outside-shift', punchId: 3, minutes: null }],
    })
  })
})

describe('an overnight 22:00-06:00 shift', () => {
  const zone = 'Europe/Madrid'
  const shifts = [nightShift()]
  const schedules = [weekdays(2)]

  it('attaches the morning check-out to the day the shift began', () => {
    const punches = punchesAt(zone, ['2026-01-05 21:50', 'in'], ['2026-01-06 06:05', 'out'])
    const records = computePersonDays(
      personInput({
        timeZone: zone,
        from: '2026-01-05',
        to: '2026-01-06',
        punches,
        shifts,
        schedules,
      }),
    )
    expect(one(records, '2026-01-05')).toMatchObject({
      shiftId: 2,
      status: 'present',
      lastOut: at('2026-01-06 06:05', zone),
      workedMinutes: 465,
      punchIds: [1, 2],
    })
    expect(one(records, '2026-01-06')).toMatchObject({ status: 'absent', punchIds: [] })
  })

  it('gives Friday night its Saturday check-out, and Saturday no unscheduled work', () => {
    const punches = punchesAt(zone, ['2026-01-09 22:00', 'in'], ['2026-01-10 06:00', 'out'])
    const records = computePersonDays(
      personInput({
        timeZone: zone,
        from: '2026-01-09',
        to: '2026-01-10',
        punches,
        shifts,
        schedules,
      }),
    )
    expect(records.map((r) => [r.status, r.workedMinutes])).toEqual([
      ['present', 450],
      ['day-off', 0],
    ])
  })
})

describe('DST change days', () => {
  const zone = 'America/New_York'
  const nights: Schedule = {
    id: 1,
    target: { kind: 'everyone' },
    from: '2026-01-01',
    until: null,
    pattern: { kind: 'weekly', days: [2, 2, 2, 2, 2, 2, 2] },
  }
  const night = (start: string, end: string) =>
    one(
      computePersonDays(
        personInput({
          timeZone: zone,
          from: start.slice(0, 10),
          to: start.slice(0, 10),
          punches: punchesAt(zone, [start, 'in'], [end, 'out']),
          shifts: [nightShift()],
          schedules: [nights],
        }),
      ),
      start.slice(0, 10),
    )

  it('pays the real 7 hours of the spring-forward night', () => {
    expect(night('2026-03-07 22:00', '2026-03-08 06:00')).toMatchObject({
      status: 'half-day',
      workedMinutes: 7 * 60 - 30,
      lateMinutes: 0,
      earlyLeaveMinutes: 0,
    })
  })

  it('pays the real 9 hours of the fall-back night, with no overtime', () => {
    expect(night('2026-10-31 22:00', '2026-11-01 06:00')).toMatchObject({
      status: 'present',
      workedMinutes: 9 * 60 - 30,
      overtimeMinutes: 0,
    })
  })

  it('makes the local day 23 and 25 hours long in Europe/Madrid', () => {
    const madrid = 'Europe/Madrid'
    const sunday = (date: string) =>
      one(
        computePersonDays(
          personInput({
            timeZone: madrid,
            from: date,
            to: date,
            punches: punchesAt(madrid, [`${date} 00:10`, 'in'], [`${date} 23:50`, 'out']),
          }),
        ),
        date,
      )
    expect(sunday('2026-03-29')).toMatchObject({ status: 'unscheduled-work', workedMinutes: 1360 })
    expect(sunday('2026-10-25')).toMatchObject({ status: 'unscheduled-work', workedMinutes: 1480 })
  })
})

describe('days without a shift', () => {
  it('counts weekend punches as unscheduled work, all of it overtime', () => {
    const [r] = computePersonDays(
      personInput({
        from: '2026-01-10',
        to: '2026-01-10',
        punches: punchesAt('UTC', ['2026-01-10 10:00', 'in'], ['2026-01-10 14:00', 'out']),
      }),
    )
    expect(r).toMatchObject({
      shiftId: null,
      status: 'unscheduled-work',
      workedMinutes: 240,
      overtimeMinutes: 240,
      exceptions: [{ kind: 'unscheduled-work', punchId: 1, minutes: 240 }],
    })
  })

  it('marks a recurring holiday on a working day, with or without punches', () => {
    const holidays = [{ date: '2020-12-25', name: 'Christmas', recurring: true }]
    const base = { from: '2026-12-25', to: '2026-12-25', holidays }
    expect(computePersonDays(personInput(base))[0]).toMatchObject({
      status: 'holiday',
      shiftId: null,
    })
    const punches = punchesAt('UTC', ['2026-12-25 09:00', 'in'], ['2026-12-25 12:00', 'out'])
    expect(computePersonDays(personInput({ ...base, punches }))[0]?.status).toBe('unscheduled-work')
  })

  it('walks a 4-on/4-off rotation: absent on empty working days, off on the others', () => {
    const rotation: Schedule = {
      id: 9,
      target: { kind: 'everyone' },
      from: '2026-01-01',
      until: null,
      pattern: {
        kind: 'rotation',
        anchor: '2026-01-01',
        cycle: [1, 1, 1, 1, null, null, null, null],
      },
    }
    const records = computePersonDays(
      personInput({ from: '2026-01-01', to: '2026-01-10', schedules: [rotation] }),
    )
    expect(records.map((r) => r.status[0]).join('')).toBe('aaaaddddaa')
  })

  it('is one record per date, none for an empty range', () => {
    expect(computePersonDays(personInput({ from: '2026-01-01', to: '2026-01-31' }))).toHaveLength(
      31,
    )
    expect(computePersonDays(personInput({ from: '2026-01-02', to: '2026-01-01' }))).toEqual([])
  })
})
