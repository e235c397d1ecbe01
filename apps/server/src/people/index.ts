export { canUseTemplate, type DeviceCapabilities, deviceCapabilities } from './capabilities'
export { syncDevice } from './device-sync'
export { createFanOut, type EnrolledEvent } from './fan-out'
export type { CommandSink, QueueInput } from './queue'
