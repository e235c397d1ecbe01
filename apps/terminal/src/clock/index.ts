export { type Clock, systemClock } from './clock'
export { DeviceClock, type DeviceClockOptions } from './device-clock'
