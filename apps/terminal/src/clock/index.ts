export { type Clock, systemClock } from './clock'
export { DeviceClock, type DeviceClockOptions } from './device-clock'
export {
  formatWallClock,
  instantFromWall,
  isValidTimeZone,
  type WallParts,
  wallParts,
  type Zone,
  zoneOffsetMinutes,
} from './wall-time'
