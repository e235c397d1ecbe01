export {
  formatTimeZoneOption,
  parseTimeZoneOption,
} from './time-zone-option'
export {
  formatWallClock,
  normaliseWallClock,
  parseWallClock,
  splitWallClock,
  type WallClockParts,
  wallClockAsUtc,
} from './wall-clock'
export {
  fromZkSeconds,
  toZkSeconds,
  wallClockFromZkSeconds,
  zkSecondsFromUtcDate,
  zkSecondsFromWallClock,
} from './zk-seconds'
export {
  formatUtcOffset,
  instantFromWallClock,
  isTimeZone,
  offsetMinutesAt,
  wallClockFromInstant,
  wallClockPartsFromInstant,
  type Zone,
} from './zone'
