export type {
  HolidayInput,
  PeriodLock,
  ScheduleInput,
  ShiftInput,
  StoredHoliday,
} from './calendar-store'
export { isDate } from './dates'
export { daysChangedAfter, lastDayChange, type StoredDay } from './day-store'
export { type PublicDay, publicDay, timesheetCsvCells, timesheetCsvHeader } from './day-view'
export { queueLength } from './recompute-queue'
export { timesheetXlsxStream } from './timesheet-xlsx'
export { type PeopleFilter, Timesheets, type TouchedPunch } from './timesheets'
export { createTimesheetWorker, type TimesheetPass, type TimesheetWorker } from './worker'
