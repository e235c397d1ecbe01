export {
  DEVICES_CHANNEL,
  DeviceDirectory,
  type DeviceIdentity,
  type DevicePatch,
  type DeviceRow,
} from './device-directory'
export {
  allDeviceSns,
  commandableDevices,
  type DeviceTraits,
  deviceExists,
  deviceNames,
  seenDevices,
  zonesOfDevices,
} from './device-reads'
export { deviceTokenMatches, hashDeviceToken } from './device-token'
export { isDeviceOnline, onlineWindowMs } from './online'
export { PresenceBuffer, type Sighting } from './presence'
