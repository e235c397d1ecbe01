/** Device time: wall-clock text, zk-seconds and zones. */
export {
  deviceTimeToInstant,
  formatDeviceTime,
  isTimeZone,
  offsetMinutesAt,
  parseTimeZoneOption,
  timeZoneOption,
  type ZoneSpec,
} from './timezone'
export {
  formatWallClock,
  parseWallClock,
  splitWallClock,
  type WallClockParts,
  wallClockAsUtc,
} from './wall-clock'
export {
  fromZkSeconds,
  toZkSeconds,
  wallClockFromZkSeconds,
  type ZkTimeParts,
  zkSecondsFromUtcDate,
  zkSecondsFromWallClock,
} from './zktime'
