/** A 09:00–17:00 shift with a fixed half-hour break, 5 minutes' grace, overtime after its end. */
export const DAY_SHIFT = {
  name: 'Day',
  start: '09:00',
  end: '17:00',
  checkInOpensBefore: 60,
  checkInClosesAfter: 240,
  checkOutOpensBefore: 240,
  checkOutClosesAfter: 120,
  graceLateMinutes: 5,
  graceEarlyMinutes: 5,
  breakRule: { kind: 'fixed', minutes: 30 },
  fullDayMinutes: 420,
  halfDayMinutes: 210,
  pairing: 'first-last',
  overtimeAfterEnd: true,
  overtimeBeforeStart: false,
  minimumOvertimeMinutes: 15,
} as const
