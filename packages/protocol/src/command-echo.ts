import type { Command } from './command-types'

const CLEAR_ECHO = {
  LOG: 'CLEAR_LOG',
  PHOTO: 'CLEAR_PHOTO',
  DATA: 'CLEAR_DATA',
  BIODATA: 'CLEAR_BIODATA',
  'ALL USERINFO': 'CLEAR ALL USERINFO',
} as const

/**
 * The `CMD=` value a device echoes in the result of `cmd` (attendance DATA commands echo `DATA`, Security-PUSH
 * ones the full verb).
 * @example commandEcho({ type: 'CLEAR', target: 'LOG' }) // 'CLEAR_LOG'
 */
export function commandEcho(cmd: Command): string {
  switch (cmd.type) {
    case 'DATA UPDATE':
    case 'DATA DELETE':
    case 'DATA QUERY':
    case 'DATA USER':
    case 'DATA FP':
      return 'DATA'
    case 'ACC DATA UPDATE':
      return 'DATA UPDATE'
    case 'ACC DATA DELETE':
      return 'DATA DELETE'
    case 'ACC DATA QUERY':
      return 'DATA QUERY'
    case 'CLEAR':
      return CLEAR_ECHO[cmd.target]
    case 'SHELL':
      return 'Shell'
    case 'TEST HOST':
      return 'Test Host'
    case 'DATA BATCH':
      return cmd.records[0] ? commandEcho(cmd.records[0]) : 'DATA'
    case 'UNKNOWN':
      return cmd.text.trim().split(' ')[0] ?? ''
    default:
      return cmd.type
  }
}

/**
 * Whether the command restarts the device (REBOOT, RESTART, CONTROL DEVICE 03…): it must go last in a batch.
 * @example isRebootCommand({ type: 'REBOOT' }) // true
 */
export function isRebootCommand(cmd: Command): boolean {
  return (
    cmd.type === 'REBOOT' ||
    cmd.type === 'RESTART' ||
    (cmd.type === 'CONTROL DEVICE' && cmd.action === 0x03)
  )
}

/**
 * `DATA DELETE USERINFO PIN=<pin>`: removes the user and, on the device, the user's templates and photo.
 * @example dataDeleteUser('7') // { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '7']] }
 */
export function dataDeleteUser(pin: string): Command {
  return { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', pin]] }
}

/**
 * `SET OPTION DateTime=<zk-seconds>`: sets the device clock (compute the value with `toZkSeconds`).
 * @example setOptionDateTime(583080894) // { type: 'SET OPTION', key: 'DateTime', value: '583080894' }
 */
export function setOptionDateTime(zkSeconds: number): Command {
  return { type: 'SET OPTION', key: 'DateTime', value: String(zkSeconds) }
}
