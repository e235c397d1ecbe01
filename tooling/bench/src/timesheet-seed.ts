import { copyIn, copyLine, localTimeOf, mix, personCopyLine, personPin } from './attendance-seed'
import type { Sql } from './bench-database'

/** The month the phase computes: November 2026, in UTC (the server under test runs with `TZ_DEFAULT=UTC`). */
export const TIMESHEET_MONTH = { from: '2026-11-01', to: '2026-11-30', days: 30 }
const MONTH_START = Date.parse('2026-11-01T00:00:00Z') / 1000
const DEVICES = 100

export const timesheetDeviceSn = (i: number) => `TSH${String(i).padStart(4, '0')}`

/** A person's four punches of a day: in before nine, out and back for lunch, out after five; each jittered. */
const SLOTS = [
  { at: 8 * 3600 + 40 * 60, state: 0 },
  { at: 12 * 3600 + 30 * 60, state: 1 },
  { at: 13 * 3600 + 15 * 60, state: 0 },
  { at: 17 * 3600, state: 1 },
] as const

/** The COPY lines of one person's month (4 punches a day, 30 days), at their home device. */
export function monthLines(person: number): string[] {
  const lines: string[] = []
  const sn = timesheetDeviceSn(person % DEVICES)
  for (let day = 0; day < TIMESHEET_MONTH.days; day++) {
    SLOTS.forEach((slot, k) => {
      // up to 30 minutes late on some days: late arrivals and overtime vary
      const jitter = mix(person * 131 + day * 7 + k) % 1800
      const local = localTimeOf(MONTH_START + day * 86_400 + slot.at + jitter)
      lines.push(copyLine([sn, personPin(person), local, `${local}+00`, slot.state, 1]))
    })
  }
  return lines
}

/** The shift the month is computed with: 09:00–17:00, lunch from the punch pairs, 5 minutes' grace. */
export const BENCH_SHIFT = {
  start: '09:00',
  end: '17:00',
  checkInOpensBefore: 120,
  checkInClosesAfter: 240,
  checkOutOpensBefore: 240,
  checkOutClosesAfter: 180,
  graceLateMinutes: 5,
  graceEarlyMinutes: 5,
  breakRule: { kind: 'pairs' },
  fullDayMinutes: 420,
  halfDayMinutes: 210,
  pairing: 'pairs',
  overtimeAfterEnd: true,
  overtimeBeforeStart: false,
  minimumOvertimeMinutes: 15,
}

/**
 * Seeds an empty, migrated database: devices, people, the shift and a seven-day schedule for everyone, then a month
 * of punches with COPY over every connection of `sql`, then ANALYZE. Returns the punches written.
 */
export async function seedTimesheetMonth(
  sql: Sql,
  people: number,
  streams: number,
): Promise<number> {
  await copyIn(
    sql,
    'devices (sn, name, status)',
    Array.from({ length: DEVICES }, (_, i) =>
      copyLine([timesheetDeviceSn(i), `Door ${i}`, 'approved']),
    ).join(''),
  )
  await copyIn(
    sql,
    'people (pin, name, card)',
    Array.from({ length: people }, (_, i) => personCopyLine(i)).join(''),
  )
  const [shift] = await sql<{ id: string }[]>`
    insert into shifts (name, rules) values ('Bench day', ${sql.json(BENCH_SHIFT)}) returning id::text`
  const id = Number(shift?.id)
  await sql`
    insert into schedules (target_kind, target, "from", pattern)
    values ('everyone', '', ${TIMESHEET_MONTH.from}, ${sql.json({ kind: 'weekly', days: [id, id, id, id, id, id, id] })})`
  let next = 0
  const chunk = 500
  const stream = async () => {
    while (next < people) {
      const start = next
      next = Math.min(people, start + chunk)
      const lines: string[] = []
      for (let p = start; p < next; p++) lines.push(...monthLines(p))
      await copyIn(sql, 'punches (sn, pin, local_time, punched_at, status, verify)', lines.join(''))
    }
  }
  await Promise.all(Array.from({ length: streams }, stream))
  await sql`analyze`
  return people * TIMESHEET_MONTH.days * SLOTS.length
}
