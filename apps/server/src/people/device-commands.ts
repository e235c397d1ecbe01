import { type Command, formatDeviceTime, type UserInfo } from '@webroster/protocol'
import type { people, templates } from '../db/schema'

export type PersonRow = typeof people.$inferSelect
export type TemplateRow = typeof templates.$inferSelect

/** Terminals take validity bounds as device-local `YYYY-MM-DDTHH:MM:SS`. */
function validityTime(instant: Date, zone: string): string {
  return formatDeviceTime(instant, zone).replace(' ', 'T')
}

/**
 * `DATA UPDATE USERINFO` for a person on a device in `zone`. Group 1 and the group time zones are what every
 * terminal accepts by default; the validity window is sent only when set, because `Expires=1` needs firmware support.
 */
export function userUpdateCommand(person: PersonRow, zone: string): Command {
  const user: UserInfo = {
    pin: person.pin,
    name: person.name,
    privilege: person.privilege,
    password: person.password,
    card: person.card ?? '',
    group: 1,
    timeZones: '0000000000000000',
  }
  if (person.verify !== null) user.verify = person.verify
  if (person.validFrom || person.validTo) {
    if (person.validFrom) user.startDatetime = validityTime(person.validFrom, zone)
    if (person.validTo) user.endDatetime = validityTime(person.validTo, zone)
    user.expires = 1
  }
  return { type: 'DATA UPDATE', table: 'USERINFO', user }
}

/** `DATA DELETE USERINFO PIN=…`: the terminal also drops the user's templates and photos. */
export function userDeleteCommand(pin: string): Command {
  return { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', pin]] }
}

/** The `DATA UPDATE` that installs a stored template, in the table it was enrolled in. */
export function templateUpdateCommand(t: TemplateRow): Command {
  switch (t.kind) {
    case 'fp':
      return {
        type: 'DATA UPDATE',
        table: 'FINGERTMP',
        fingerprint: { pin: t.pin, fid: t.no, valid: t.valid, template: t.template },
      }
    case 'face':
      return {
        type: 'DATA UPDATE',
        table: 'FACE',
        face: { pin: t.pin, fid: t.no, valid: t.valid, template: t.template },
      }
    case 'fvein':
      return {
        type: 'DATA UPDATE',
        table: 'FVEIN',
        vein: { pin: t.pin, fid: t.no, index: t.index, valid: t.valid, template: t.template },
      }
    default:
      return {
        type: 'DATA UPDATE',
        table: 'BIODATA',
        bio: {
          pin: t.pin,
          no: t.no,
          index: t.index,
          valid: t.valid,
          duress: t.duress,
          type: t.bioType,
          majorVer: Number.parseInt(t.majorVer, 10) || 0,
          minorVer: Number.parseInt(t.minorVer, 10) || 0,
          format: t.format,
          template: t.template,
        },
      }
  }
}

/** The `DATA DELETE` that removes one stored template from a terminal. */
export function templateDeleteCommand(t: TemplateRow): Command {
  switch (t.kind) {
    case 'fp':
      return {
        type: 'DATA DELETE',
        table: 'FINGERTMP',
        condition: [
          ['PIN', t.pin],
          ['FID', String(t.no)],
        ],
      }
    case 'face':
      return { type: 'DATA DELETE', table: 'FACE', condition: [['PIN', t.pin]] }
    case 'fvein':
      return {
        type: 'DATA DELETE',
        table: 'FVEIN',
        condition: [
          ['Pin', t.pin],
          ['FID', String(t.no)],
        ],
      }
    default:
      return {
        type: 'DATA DELETE',
        table: 'BIODATA',
        condition: [
          ['Pin', t.pin],
          ['Type', String(t.bioType)],
          ['No', String(t.no)],
        ],
      }
  }
}
