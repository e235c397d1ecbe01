import type { DayRecord, MonthSummary } from './model'

/**
 * A person's totals for `month` ('YYYY-MM') from their day records (records of other people or months are ignored).
 * @example summarizeMonth('7', '2024-01', []).daysPresent // 0
 */
export function summarizeMonth(pin: string, month: string, records: DayRecord[]): MonthSummary {
  const s: MonthSummary = {
    pin,
    month,
    daysPresent: 0,
    daysAbsent: 0,
    halfDays: 0,
    lateCount: 0,
    lateMinutes: 0,
    earlyLeaveCount: 0,
    earlyLeaveMinutes: 0,
    overtimeMinutes: 0,
    workedMinutes: 0,
    daysOff: 0,
    holidays: 0,
    exceptions: 0,
  }
  const prefix = `${month}-`
  for (const r of records) {
    if (r.pin !== pin || !r.date.startsWith(prefix)) continue
    if (r.status === 'present') s.daysPresent++
    else if (r.status === 'absent') s.daysAbsent++
    else if (r.status === 'half-day') s.halfDays++
    else if (r.status === 'day-off') s.daysOff++
    else if (r.status === 'holiday') s.holidays++
    if (r.lateMinutes > 0) s.lateCount++
    if (r.earlyLeaveMinutes > 0) s.earlyLeaveCount++
    s.lateMinutes += r.lateMinutes
    s.earlyLeaveMinutes += r.earlyLeaveMinutes
    s.overtimeMinutes += r.overtimeMinutes
    s.workedMinutes += r.workedMinutes
    s.exceptions += r.exceptions.length
  }
  return s
}
