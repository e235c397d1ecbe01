export { type ActivityBucket, activityRange } from './device-activity'
export { CONTENT_TYPES, type ExportFormat } from './export-format'
export { MANUAL_SN, MANUAL_VERIFY, type ManualPunchInput } from './manual-punch'
export {
  holdPartitionsLock,
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
export { type FeedPunch, PUNCHES_CHANNEL, PunchFeed } from './punch-feed'
export type { PunchFilter } from './punch-filter'
export type { ListedPunch, PunchQuery, PunchRow, PunchSort } from './punch-list'
export { publicPunch, punchStateName, verifyModeName } from './punch-words'
export { type PunchChangeHooks, Punches } from './punches'
export { type CurrentPunch, currentPunchesOf } from './punches-of-people'
export { lastPunchId, punchesAfter } from './punches-since'
export { type RereadOutcome, rereadInDeviceZone } from './zone-reread'
