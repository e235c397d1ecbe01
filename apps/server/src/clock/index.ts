export { type ClockCorrectionDeps, clockCorrection, correctClockIfSkewed } from './correction'
export { CLOCK_CORRECTION_INTERVAL_MS, ClockCorrectionThrottle } from './correction-throttle'
export {
  type ClockSkewReading,
  type ClockSkewSource,
  type ClockStatus,
  hasFreshWallClockSkew,
  REALTIME_WINDOW_SECONDS,
  skewFromPunches,
  skewFromWallClock,
  storedSkew,
  suggestedUtcOffset,
  type TimeIssue,
  timeIssueOf,
  WALL_CLOCK_SKEW_PREFERRED_MS,
  ZONE_MISMATCH_TOLERANCE_SECONDS,
} from './skew'
export { ZoneClock } from './zone-clock'
