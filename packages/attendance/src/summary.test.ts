import { describe, expect, it } from 'vitest'
import { computePersonDays } from './person-days'
import { summarizeMonth } from './summary'
import { personInput, punchesAt } from './testing/fixtures'

describe('summarizeMonth', () => {
  it('totals one person-month and ignores the days of other months', () => {
    const punches = punchesAt(
      'UTC',
      ['2026-01-05 09:10', 'in'],
      ['2026-01-05 17:40', 'out'],
      ['2026-01-06 09:00', 'in'],
      ['2026-01-06 13:30', 'out'],
      ['2026-01-07 09:00', 'in'],
      ['2026-01-10 10:00', 'in'],
      ['2026-01-10 11:00', 'out'],
      ['2026-02-02 09:00', 'in'],
      ['2026-02-02 17:00', 'out'],
    )
    const records = computePersonDays(
      personInput({ from: '2026-01-01', to: '2026-02-28', punches }),
    )
    expect(summarizeMonth('7', '2026-01', records)).toEqual({
      pin: '7',
      month: '2026-01',
      daysPresent: 1,
      // 6 January (210 min) and the 19 empty working days (1-2 January and from the 8th).
      daysAbsent: 1 + 19,
      halfDays: 0,
      lateCount: 1,
      lateMinutes: 10,
      earlyLeaveCount: 1,
      earlyLeaveMinutes: 210,
      overtimeMinutes: 40 + 60,
      workedMinutes: 450 + 210 + 60,
      // The weekend days other than the 10th.
      daysOff: 8,
      holidays: 0,
      // late + early + absent (6th) + missing check-out (7th) + unscheduled (10th) + 19 absences.
      exceptions: 1 + 1 + 1 + 1 + 1 + 19,
    })
    expect(summarizeMonth('8', '2026-01', records).workedMinutes).toBe(0)
  })
})
