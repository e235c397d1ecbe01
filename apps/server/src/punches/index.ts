export { type ActivityBucket, activityRange } from './device-activity'
export { CONTENT_TYPES, type ExportFormat } from './export-format'
export { MANUAL_SN, MANUAL_VERIFY, type ManualPunchInput } from './manual-punch'
export {
  type LockedPeriods,
  NO_LOCKED_PERIODS,
  PARTITIONS_AHEAD,
  PunchPartitions,
  type RetentionOutcome,
} from './partitions'
export { PunchBatcher, type PunchConflict } from './punch-batcher'
export type { CorrectionInput, PunchCorrectionRow } from './punch-corrections'
export type { DevicePunchCounts } from './punch-counts'
export { EXPORT_PAGE_ROWS } from './punch-export'
export type { PunchFilter } from './punch-filter'
export type { ListedPunch, PunchQuery, PunchRow, PunchSort } from './punch-list'
export { publicPunch, punchStateName, verifyModeName } from './punch-words'
export { Punches } from './punches'
export { lastPunchId, punchesAfter } from './punches-since'
export { type RereadOutcome, rereadInDeviceZone } from './zone-reread'
