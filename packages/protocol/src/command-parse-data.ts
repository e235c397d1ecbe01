import type { Command, DeleteTable, GenericUpdateTable } from './command-types'
import { parseFields } from './fields'
import { parseRecordText } from './record-codec'
import {
  BIODATA_SPEC,
  BIOPHOTO_SPEC,
  type BioPhoto,
  type BioTemplate,
  FACE_SPEC,
  type FaceTemplate,
  type FingerTemplate,
  FP_SPEC,
  FVEIN_SPEC,
  USER_SPEC,
  USERPIC_SPEC,
  type UserInfo,
  type UserPhoto,
  type VeinTemplate,
} from './wire-records'

const GENERIC_UPDATE: readonly GenericUpdateTable[] = [
  'SMS',
  'USER_SMS',
  'ADPIC',
  'WALLPAPER',
  'WORKCODE',
  'ShortcutKey',
  'AccGroup',
  'AccTimeZone',
  'AccHoliday',
  'AccUnLockComb',
  'BLACKLIST',
  'WHITELIST',
  'IDCARD',
]
const TYPED_UPDATE = [
  'USERINFO',
  'FINGERTMP',
  'FACE',
  'FVEIN',
  'BIODATA',
  'USERPIC',
  'BIOPHOTO',
] as const
const DELETE_TABLES: readonly DeleteTable[] = [
  'USERINFO',
  'FINGERTMP',
  'FACE',
  'FVEIN',
  'BIODATA',
  'USERPIC',
  'BIOPHOTO',
  'SMS',
  'WORKCODE',
  'ADPIC',
  'BLACKLIST',
  'WHITELIST',
  'WALLPAPER',
]
/** Security-PUSH table names that differ from attendance ones only by case. */
const ACC_TABLES = new Set(['user', 'biophoto', 'biodata', 'userpic'])

/** Canonical attendance table for `name`; Security-PUSH lower-case names stay theirs. */
function attTable<T extends string>(tables: readonly T[], name: string): T | undefined {
  if (ACC_TABLES.has(name)) return undefined
  return tables.find((t) => t.toUpperCase() === name.toUpperCase())
}

function splitTable(rest: string): { table: string; args: string } {
  const sp = rest.indexOf(' ')
  return sp < 0 ? { table: rest, args: '' } : { table: rest.slice(0, sp), args: rest.slice(sp + 1) }
}

function typedUpdate(table: (typeof TYPED_UPDATE)[number], args: string): Command | null {
  switch (table) {
    case 'USERINFO': {
      const user = parseRecordText<UserInfo>(USER_SPEC, args)
      return user && { type: 'DATA UPDATE', table, user }
    }
    case 'FINGERTMP': {
      const fingerprint = parseRecordText<FingerTemplate>(FP_SPEC, args)
      return fingerprint && { type: 'DATA UPDATE', table, fingerprint }
    }
    case 'FACE': {
      const face = parseRecordText<FaceTemplate>(FACE_SPEC, args)
      return face && { type: 'DATA UPDATE', table, face }
    }
    case 'FVEIN': {
      const vein = parseRecordText<VeinTemplate>(FVEIN_SPEC, args)
      return vein && { type: 'DATA UPDATE', table, vein }
    }
    case 'BIODATA': {
      const bio = parseRecordText<BioTemplate>(BIODATA_SPEC, args)
      return bio && { type: 'DATA UPDATE', table, bio }
    }
    case 'USERPIC': {
      const photo = parseRecordText<UserPhoto>(USERPIC_SPEC, args)
      return photo && { type: 'DATA UPDATE', table, photo }
    }
    case 'BIOPHOTO': {
      const bioPhoto = parseRecordText<BioPhoto>(BIOPHOTO_SPEC, args)
      return bioPhoto && { type: 'DATA UPDATE', table, bioPhoto }
    }
  }
}

function parseUpdate(rest: string): Command | null {
  const { table, args } = splitTable(rest)
  if (table === '') return null
  const typed = attTable(TYPED_UPDATE, table)
  if (typed) return typedUpdate(typed, args)
  const fields = parseFields(args)
  if (fields === null) return null
  const generic = attTable(GENERIC_UPDATE, table)
  if (generic) return { type: 'DATA UPDATE', table: generic, fields }
  return { type: 'ACC DATA UPDATE', table, fields }
}

function parseDelete(rest: string): Command | null {
  const { table, args } = splitTable(rest)
  if (table === '') return null
  const att = attTable(DELETE_TABLES, table)
  if (!att) return { type: 'ACC DATA DELETE', table, condition: args }
  const condition = parseFields(args)
  return condition && { type: 'DATA DELETE', table: att, condition }
}

function parseQuery(rest: string): Command | null {
  const acc = /^tablename=([^,]*),fielddesc=([^,]*),filter=(.*)$/i.exec(rest)
  if (acc)
    return {
      type: 'ACC DATA QUERY',
      tableName: acc[1] ?? '',
      fieldDesc: acc[2] ?? '',
      filter: acc[3] ?? '',
    }
  const { table, args } = splitTable(rest)
  if (table === '' || table.includes('=')) return null
  const condition = parseFields(args)
  return condition && { type: 'DATA QUERY', table, condition }
}

function parseCount(rest: string): Command | null {
  const sp = rest.indexOf(' ')
  if (sp === 0 || rest === '') return null
  return sp < 0
    ? { type: 'DATA COUNT', table: rest }
    : { type: 'DATA COUNT', table: rest.slice(0, sp), condition: rest.slice(sp + 1) }
}

/**
 * Parses the text after `DATA ` (UPDATE / DELETE / QUERY / COUNT and the legacy USER / FP forms).
 * @example parseDataCommand('DELETE USERINFO PIN=7') // { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '7']] }
 */
export function parseDataCommand(rest: string): Command | null {
  const forms: ReadonlyArray<readonly [string, (r: string) => Command | null]> = [
    ['UPDATE', parseUpdate],
    ['DELETE', parseDelete],
    ['QUERY', parseQuery],
    ['COUNT', parseCount],
    [
      'USER',
      (r) => {
        const user = parseRecordText<UserInfo>(USER_SPEC, r)
        return user && { type: 'DATA USER', user }
      },
    ],
    [
      'FP',
      (r) => {
        const fields = parseFields(r)
        return fields && { type: 'DATA FP', fields }
      },
    ],
  ]
  for (const [verb, parse] of forms) {
    const args = afterVerb(rest, verb)
    if (args !== null) return parse(args)
  }
  return null
}

/**
 * The text after `verb` (matched case-insensitively) and one space, '' if nothing follows; null if no match.
 * @example afterVerb('data update X', 'DATA UPDATE') // 'X'
 */
export function afterVerb(text: string, verb: string): string | null {
  if (
    text.length < verb.length ||
    text.slice(0, verb.length).toUpperCase() !== verb.toUpperCase()
  ) {
    return null
  }
  if (text.length === verb.length) return ''
  return text[verb.length] === ' ' ? text.slice(verb.length + 1) : null
}
