import type { Command } from './command-types'

/** A `CONTROL DEVICE AABBCCDD[EE]` command: action byte AA, then parameter bytes. */
export type ControlDeviceCommand = Extract<Command, { type: 'CONTROL DEVICE' }>

/** CONTROL DEVICE action bytes (Security PUSH). */
export const CONTROL_OUTPUT = 0x01
export const CONTROL_CANCEL_ALARM = 0x02
export const CONTROL_RESTART = 0x03

/**
 * Encodes action + params as upper-case hex, two digits per byte.
 * @example formatControlHex(1, [1, 1, 5]) // '01010105'
 */
export function formatControlHex(action: number, params: readonly number[]): string {
  return [action, ...params]
    .map((b) => {
      if (!Number.isInteger(b) || b < 0 || b > 255)
        throw new Error(`CONTROL DEVICE byte out of range: ${b}`)
      return b.toString(16).toUpperCase().padStart(2, '0')
    })
    .join('')
}

/**
 * Decodes `AABBCCDD[EE…]` hex (any case) into action + params; null if it is not whole hex bytes.
 * @example parseControlHex('03000000') // { action: 3, params: [0, 0, 0] }
 */
export function parseControlHex(hex: string): { action: number; params: number[] } | null {
  if (hex.length < 2 || hex.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) return null
  const bytes: number[] = []
  for (let i = 0; i < hex.length; i += 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16))
  const [action = 0, ...params] = bytes
  return { action, params }
}

/**
 * Restarts the device (`CONTROL DEVICE 03000000`).
 * @example controlDeviceReboot() // { type: 'CONTROL DEVICE', action: 3, params: [0, 0, 0] }
 */
export function controlDeviceReboot(): ControlDeviceCommand {
  return { type: 'CONTROL DEVICE', action: CONTROL_RESTART, params: [0, 0, 0] }
}

/**
 * Opens a door's lock for `seconds` (1-254; 255 = normally open, 0 = close); door 0 = all doors.
 * @example controlDeviceOpenDoor(1, 5) // CONTROL DEVICE 01010105
 */
export function controlDeviceOpenDoor(door: number, seconds: number): ControlDeviceCommand {
  return { type: 'CONTROL DEVICE', action: CONTROL_OUTPUT, params: [door, 1, seconds] }
}

/**
 * Cancels the alarm (`CONTROL DEVICE 02010000`).
 * @example controlDeviceCancelAlarm() // { type: 'CONTROL DEVICE', action: 2, params: [1, 0, 0] }
 */
export function controlDeviceCancelAlarm(): ControlDeviceCommand {
  return { type: 'CONTROL DEVICE', action: CONTROL_CANCEL_ALARM, params: [1, 0, 0] }
}
