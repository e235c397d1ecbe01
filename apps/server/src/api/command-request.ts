import { type Command, parseCommand, type UserInfo } from '@webroster/protocol'
import { t } from 'elysia'
import { clockCorrection } from '../clock'
import { API_COMMAND_KINDS } from '../commands'
import { ValidationError } from '../errors'
import { cardNumberOf } from '../people/card-number'
import { oneOf, PIN_PATTERN } from './people-schemas'
import { parseTimeInput, QUERY_BOUND, wallClockOf } from './time-input'

/** One flat body for every command type, so a missing field gets a message naming it, not "no union matched". */
export const commandRequestBody = t.Object(
  {
    type: oneOf(API_COMMAND_KINDS, { description: 'what to do' }),
    method: t.Optional(
      oneOf(['reboot', 'control'], {
        description:
          'reboot: `REBOOT` (attendance firmware, default) or `CONTROL DEVICE 03000000` (access firmware, legacy terminals)',
      }),
    ),
    pin: t.Optional(t.String({ pattern: PIN_PATTERN, description: 'update-user, delete-user' })),
    name: t.Optional(t.String({ maxLength: 64 })),
    privilege: t.Optional(oneOf([0, 2, 6, 10, 14])),
    password: t.Optional(t.String({ maxLength: 32 })),
    card: t.Optional(t.String({ description: 'decimal or `[15CD5B07]`' })),
    at: t.Optional(
      t.String({ format: 'date-time', description: 'set-time: instant (default now)' }),
    ),
    from: t.Optional(t.String({ description: 'query-attlog: ISO instant or device-local time' })),
    to: t.Optional(t.String({ description: 'query-attlog: ISO instant or device-local time' })),
    command: t.Optional(t.String({ description: 'raw: one command line, as after `C:<id>:`' })),
  },
  { additionalProperties: false },
)

export type CommandRequest = typeof commandRequestBody.static

function need<T>(value: T | undefined, field: string, type: string): T {
  if (value === undefined) throw new ValidationError(`"${field}" is required for a ${type} command`)
  return value
}

/** A query bound as the device's wall clock: wall-clock times pass through, instants are converted. */
function wallClockBound(value: string, field: string, zone: string): string {
  return wallClockOf(parseTimeInput(value, field, QUERY_BOUND), zone)
}

/** Turns an API command request into the protocol command for a device in `zone`. */
export function commandFor(
  req: CommandRequest,
  zone: string,
  now: Date,
  deviceType = 'att',
): Command {
  switch (req.type) {
    case 'reboot':
      // Attendance firmware documents REBOOT; CONTROL DEVICE is the access-control form the old server used.
      return req.method === 'control'
        ? { type: 'CONTROL DEVICE', action: 3, params: [0, 0, 0] }
        : { type: 'REBOOT' }
    case 'update-user': {
      const user: UserInfo = { pin: need(req.pin, 'pin', req.type) }
      if (req.name !== undefined) user.name = req.name
      if (req.privilege !== undefined) user.privilege = req.privilege
      if (req.password !== undefined) user.password = req.password
      if (req.card !== undefined) user.card = req.card === '' ? '' : cardNumberOf(req.card)
      return { type: 'DATA UPDATE', table: 'USERINFO', user }
    }
    case 'delete-user':
      return {
        type: 'DATA DELETE',
        table: 'USERINFO',
        condition: [['PIN', need(req.pin, 'pin', req.type)]],
      }
    case 'set-time':
      return clockCorrection(req.at === undefined ? now : new Date(req.at), zone, deviceType)
    case 'check':
      return { type: 'CHECK' }
    case 'info':
      return { type: 'INFO' }
    case 'clear-log':
      return { type: 'CLEAR', target: 'LOG' }
    case 'query-attlog':
      return {
        type: 'DATA QUERY',
        table: 'ATTLOG',
        condition: [
          ['StartTime', wallClockBound(need(req.from, 'from', req.type), 'from', zone)],
          ['EndTime', wallClockBound(need(req.to, 'to', req.type), 'to', zone)],
        ],
      }
    case 'raw': {
      const text = need(req.command, 'command', req.type)
      if (text.trim() === '') throw new ValidationError('"command" must not be empty')
      if (/[\r\n]/.test(text)) throw new ValidationError('"command" must be a single line')
      return parseCommand(text)
    }
  }
}
