export type {
  DayException,
  DayExceptionKind,
  DayRecord,
  DayStatus,
  EnginePunch,
  Holiday,
  MonthSummary,
  PersonDaysInput,
  PunchDirection,
  ResolvedDay,
  Schedule,
  SchedulePattern,
  ScheduleTarget,
  Shift,
} from './model'
export { computePersonDays } from './person-days'
export { resolveDay } from './schedule'
export { summarizeMonth } from './summary'
export { datesTouchedBy } from './touched'
export { localDateOf } from './zone'
