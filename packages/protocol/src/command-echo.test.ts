import { describe, expect, it } from 'vitest'
import {
  controlDeviceCancelAlarm,
  controlDeviceOpenDoor,
  controlDeviceReboot,
} from './command-control'
import { commandEcho, dataDeleteUser, isRebootCommand, setOptionDateTime } from './command-echo'
import { formatCommand } from './command-format'
import type { Command } from './command-types'

describe('commandEcho', () => {
  it.each<[Command, string]>([
    [dataDeleteUser('1'), 'DATA'],
    [{ type: 'DATA UPDATE', table: 'USERINFO', user: { pin: '1' } }, 'DATA'],
    [{ type: 'ACC DATA UPDATE', table: 'user', fields: [] }, 'DATA UPDATE'],
    [{ type: 'CLEAR', target: 'LOG' }, 'CLEAR_LOG'],
    [{ type: 'CLEAR', target: 'DATA' }, 'CLEAR_DATA'],
    [setOptionDateTime(1), 'SET OPTION'],
    [controlDeviceReboot(), 'CONTROL DEVICE'],
    [{ type: 'REBOOT' }, 'REBOOT'],
    [{ type: 'VERIFY SUM', table: 'ATTLOG', condition: [] }, 'VERIFY SUM'],
    [{ type: 'SHELL', command: 'ls' }, 'Shell'],
    [{ type: 'UNKNOWN', text: 'USER ADD PIN=1' }, 'USER'],
  ])('%j echoes %s', (cmd, echo) => {
    expect(commandEcho(cmd)).toBe(echo)
  })
})

describe('restart commands', () => {
  it('recognises REBOOT, RESTART and CONTROL DEVICE 03 only', () => {
    expect(isRebootCommand({ type: 'REBOOT' })).toBe(true)
    expect(isRebootCommand({ type: 'RESTART' })).toBe(true)
    expect(isRebootCommand(controlDeviceReboot())).toBe(true)
    expect(isRebootCommand(controlDeviceOpenDoor(1, 5))).toBe(false)
    expect(isRebootCommand(controlDeviceCancelAlarm())).toBe(false)
    expect(isRebootCommand({ type: 'CHECK' })).toBe(false)
  })

  it('builds the documented CONTROL DEVICE strings', () => {
    expect(formatCommand(controlDeviceReboot())).toBe('CONTROL DEVICE 03000000')
    expect(formatCommand(controlDeviceOpenDoor(1, 5))).toBe('CONTROL DEVICE 01010105')
    expect(formatCommand(controlDeviceCancelAlarm())).toBe('CONTROL DEVICE 02010000')
  })
})
