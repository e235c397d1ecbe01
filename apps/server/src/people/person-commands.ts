import {
  type BioTemplate,
  type Command,
  type Field,
  formatBiodataFields,
  parseCardNumber,
  type UserInfo,
  wallClockFromInstant,
} from '@webroster/protocol'
import type { people, templates } from '../db/schema'

export type PersonRow = typeof people.$inferSelect
export type TemplateRow = typeof templates.$inferSelect

/**
 * Which command syntax a terminal takes: Attendance PUSH (`DATA UPDATE USERINFO PIN=…`) or, on access-control
 * units (`DeviceType=acc`), Security PUSH (`DATA UPDATE user Pin=…`, lower-case tables, other keys).
 */
export type CommandDialect = 'att' | 'acc'

/** The dialect of a device from its stored type. */
export function dialectOf(deviceType: string | null | undefined): CommandDialect {
  return deviceType?.trim().toLowerCase() === 'acc' ? 'acc' : 'att'
}

/** Security PUSH time zone 1 is the controller's always-open zone, and 15 is the bitmask of doors 1-4. */
const ACC_ALWAYS = '1'
const ACC_ALL_DOORS = '15'

/** Security PUSH validity bounds: `YYYYMMDD` in the device's zone, `0` for unlimited. */
function accDate(instant: Date | null, zone: string): string {
  return instant ? wallClockFromInstant(instant, zone).slice(0, 10).replaceAll('-', '') : '0'
}

/**
 * Security PUSH `user` and `userauthorize` records for a person: without an authorisation the controller knows
 * the person but opens no door for them. Card numbers go as decimal, as `CardNo` expects.
 */
function accUserCommands(person: PersonRow, zone: string): Command[] {
  const fields: Field[] = [
    ['CardNo', person.card ? (parseCardNumber(person.card) ?? person.card) : ''],
    ['Pin', person.pin],
    ['Password', person.password],
    ['Group', '0'],
    ['StartTime', accDate(person.validFrom, zone)],
    ['EndTime', accDate(person.validTo, zone)],
    ['Name', person.name],
    ['Privilege', String(person.privilege)],
  ]
  if (person.verify !== null) fields.push(['Verify', String(person.verify)])
  const authorize: Field[] = [
    ['Pin', person.pin],
    ['AuthorizeTimezoneId', ACC_ALWAYS],
    ['AuthorizeDoorId', ACC_ALL_DOORS],
  ]
  return [
    { type: 'ACC DATA UPDATE', table: 'user', fields },
    { type: 'ACC DATA UPDATE', table: 'userauthorize', fields: authorize },
  ]
}

/** Terminals take validity bounds as device-local `YYYY-MM-DDTHH:MM:SS`. */
function validityTime(instant: Date, zone: string): string {
  return wallClockFromInstant(instant, zone).replace(' ', 'T')
}

/**
 * The commands that put a person on a device in `zone`: `DATA UPDATE USERINFO` for attendance terminals, the
 * Security PUSH `user` and `userauthorize` records for access controllers.
 */
export function userUpdateCommands(
  person: PersonRow,
  zone: string,
  dialect: CommandDialect,
): Command[] {
  return dialect === 'acc' ? accUserCommands(person, zone) : [userUpdateCommand(person, zone)]
}

/**
 * `DATA UPDATE USERINFO` for a person on a device in `zone`. Group 1 and the group time zones are what every
 * terminal accepts by default; the validity window is sent only when set, because `Expires=1` needs firmware support.
 */
function userUpdateCommand(person: PersonRow, zone: string): Command {
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

/**
 * What removes a person from a device: `DATA DELETE USERINFO PIN=…` (the terminal also drops the user's
 * templates and photos), or on an access controller the `user` and its `userauthorize` records.
 */
export function userDeleteCommands(pin: string, dialect: CommandDialect): Command[] {
  if (dialect === 'att')
    return [{ type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', pin]] }]
  return ['user', 'userauthorize'].map((table) => ({
    type: 'ACC DATA DELETE',
    table,
    condition: `Pin=${pin}`,
  }))
}

/** A stored template as a unified (`BIODATA`) record: legacy face and vein tables have a biometric type too. */
function bioRecord(t: TemplateRow): BioTemplate {
  return {
    pin: t.pin,
    no: t.no,
    index: t.index,
    valid: t.valid,
    duress: t.duress,
    type: t.bioType,
    // Devices read an unstated algorithm version as 0, so it is sent as one.
    majorVer: t.majorVer || '0',
    minorVer: t.minorVer || '0',
    format: t.format,
    template: t.template,
  }
}

/**
 * The `DATA UPDATE` that installs a stored template: in the table it was enrolled in on attendance terminals;
 * on access controllers fingerprints go to `templatev10` and everything else to `biodata`.
 */
export function templateUpdateCommand(t: TemplateRow, dialect: CommandDialect = 'att'): Command {
  if (dialect === 'acc') {
    if (t.kind === 'fp') {
      const fields: Field[] = [
        ['Size', String(t.template.length)],
        ['Pin', t.pin],
        ['FingerID', String(t.no)],
        ['Valid', String(t.valid)],
        ['Template', t.template],
      ]
      return { type: 'ACC DATA UPDATE', table: 'templatev10', fields }
    }
    return {
      type: 'ACC DATA UPDATE',
      table: 'biodata',
      fields: formatBiodataFields(bioRecord(t)),
    }
  }
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
      return { type: 'DATA UPDATE', table: 'BIODATA', bio: bioRecord(t) }
  }
}

/** The `DATA DELETE` that removes one stored template from a terminal (of either dialect). */
export function templateDeleteCommand(t: TemplateRow, dialect: CommandDialect = 'att'): Command {
  if (dialect === 'acc') {
    return t.kind === 'fp'
      ? {
          type: 'ACC DATA DELETE',
          table: 'templatev10',
          condition: `Pin=${t.pin}\tFingerID=${t.no}`,
        }
      : {
          type: 'ACC DATA DELETE',
          table: 'biodata',
          condition: `Pin=${t.pin}\tType=${t.bioType}\tNo=${t.no}`,
        }
  }
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
