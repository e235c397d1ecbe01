import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatCommand } from './command-format'
import { type CommandLine, formatCommandLines, parseCommandLines } from './command-lines'
import { parseCommand } from './command-parse'
import type { Command } from './command-types'
import type { Field } from './fields'
import type { FieldSpec } from './wire-records'
import {
  BIODATA_SPEC,
  BIOPHOTO_SPEC,
  ENROLL_BIO_SPEC,
  ENROLL_FP_SPEC,
  ENROLL_MF_SPEC,
  FACE_SPEC,
  FP_SPEC,
  FVEIN_SPEC,
  USER_SPEC,
  USERPIC_SPEC,
} from './wire-records'

// A field value: anything but the TAB/CR/LF separators (unicode included).
const value = fc
  .string({ unit: 'binary', maxLength: 12 })
  .map((s) => s.replace(/[\t\r\n]/g, '_'))
  .filter((s) => !/\p{Cs}/u.test(s))
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_~]{0,8}$/)
const int = fc.integer({ min: -100000, max: 100000 })
const field: fc.Arbitrary<Field> = fc.tuple(word, value)
const fields = fc.array(field, { maxLength: 4 })

/** `extra` keys must not name a typed key of the spec (in any case). */
function extra(spec: readonly FieldSpec[]) {
  const taken = new Set(spec.map((f) => f.key.toLowerCase()))
  const key = word.filter((k) => !taken.has(k.toLowerCase()) && k !== '__proto__')
  return fc.option(fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }), { nil: undefined })
}

/** A typed record for `spec`: required props always, optional ones sometimes, `size` never equal to the length. */
function recordOf<T>(spec: readonly FieldSpec[]): fc.Arbitrary<T> {
  const props: Record<string, fc.Arbitrary<unknown>> = {}
  const required: string[] = []
  for (const f of spec) {
    const base = f.kind === 'int' ? int : value
    props[f.prop] = base
    if (f.required || f.fallback !== undefined) required.push(f.prop)
  }
  props.extra = extra(spec)
  return fc.record(props, { requiredKeys: required }).filter((r) => {
    const size = spec.find((f) => f.lengthOf)
    if (!size?.lengthOf || r.size === undefined) return true
    const source = r[size.lengthOf]
    return typeof source !== 'string' || source.length !== r.size
  }) as unknown as fc.Arbitrary<T>
}

const accTable = fc.constantFrom(
  'user',
  'userauthorize',
  'templatev10',
  'biophoto',
  'biodata',
  'userpic',
  'timezone',
  'holiday',
  'extuser',
  'mulcarduser',
  'identitycard',
  'DoorVSTimezone',
  'SuperAuthorize',
)
const noBreak = value.filter((s) => s !== '')
const commaValue = value.filter((s) => !/,[^=,\s][^=,]*=/.test(s))
const noComma = value.map((s) => s.replace(/,/g, ';'))

const command: fc.Arbitrary<Command> = fc.oneof(
  recordOf<never>(USER_SPEC).map(
    (user) => ({ type: 'DATA UPDATE', table: 'USERINFO', user }) as Command,
  ),
  recordOf<never>(FP_SPEC).map(
    (fingerprint) => ({ type: 'DATA UPDATE', table: 'FINGERTMP', fingerprint }) as Command,
  ),
  recordOf<never>(FACE_SPEC).map(
    (face) => ({ type: 'DATA UPDATE', table: 'FACE', face }) as Command,
  ),
  recordOf<never>(FVEIN_SPEC).map(
    (vein) => ({ type: 'DATA UPDATE', table: 'FVEIN', vein }) as Command,
  ),
  recordOf<never>(BIODATA_SPEC).map(
    (bio) => ({ type: 'DATA UPDATE', table: 'BIODATA', bio }) as Command,
  ),
  recordOf<never>(USERPIC_SPEC).map(
    (photo) => ({ type: 'DATA UPDATE', table: 'USERPIC', photo }) as Command,
  ),
  recordOf<never>(BIOPHOTO_SPEC).map(
    (bioPhoto) => ({ type: 'DATA UPDATE', table: 'BIOPHOTO', bioPhoto }) as Command,
  ),
  fc
    .record({
      table: fc.constantFrom(
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
      ),
      fields,
    })
    .map((r) => ({ type: 'DATA UPDATE', ...r }) as Command),
  fc
    .record({
      table: fc.constantFrom(
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
      ),
      condition: fields,
    })
    .map((r) => ({ type: 'DATA DELETE', ...r }) as Command),
  fc
    .record({ table: word, condition: fields })
    .map((r) => ({ type: 'DATA QUERY', ...r }) as Command),
  recordOf<never>(USER_SPEC).map((user) => ({ type: 'DATA USER', user }) as Command),
  fields.map((f) => ({ type: 'DATA FP', fields: f }) as Command),
  fc
    .constantFrom('LOG', 'PHOTO', 'DATA', 'BIODATA', 'ALL USERINFO')
    .map((target) => ({ type: 'CLEAR', target }) as Command),
  fc
    .constantFrom(
      'CHECK',
      'LOG',
      'INFO',
      'REBOOT',
      'RESTART',
      'RELOAD OPTIONS',
      'AC_UNLOCK',
      'AC_UNALARM',
      'NOALARM',
    )
    .map((type) => ({ type }) as Command),
  fc
    .record({
      action: fc.integer({ min: 0, max: 255 }),
      params: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 33 }),
    })
    .map((r) => ({ type: 'CONTROL DEVICE', ...r }) as Command),
  fc.record({ key: word, value }).map((r) => ({ type: 'SET OPTION', ...r }) as Command),
  fc
    .array(fc.tuple(word, commaValue), { minLength: 1, maxLength: 4 })
    .map((options) => ({ type: 'SET OPTIONS', options }) as Command),
  fc
    .array(word, { minLength: 1, maxLength: 4 })
    .map((keys) => ({ type: 'GET OPTIONS', keys }) as Command),
  fc
    .record({ table: word, condition: fields })
    .map((r) => ({ type: 'VERIFY SUM', ...r }) as Command),
  noBreak.map((path) => ({ type: 'GetFile', path }) as Command),
  fc
    .record({
      url: noBreak,
      path: fc.option(value, { nil: undefined }),
      options: fields,
    })
    .map((r) => (r.path === undefined ? { ...r, options: [] } : r))
    .map((r) => ({ type: 'PutFile', ...r }) as Command),
  recordOf<never>(ENROLL_FP_SPEC).map((enroll) => ({ type: 'ENROLL_FP', enroll }) as Command),
  recordOf<never>(ENROLL_MF_SPEC).map((enroll) => ({ type: 'ENROLL_MF', enroll }) as Command),
  recordOf<never>(ENROLL_BIO_SPEC).map((enroll) => ({ type: 'ENROLL_BIO', enroll }) as Command),
  noBreak.map((c) => ({ type: 'SHELL', command: c }) as Command),
  fc
    .record({
      mode: fc.constantFrom('base64', 'raw', 'chunked'),
      checksum: fc.stringMatching(/^[0-9a-f]{0,32}$/),
      url: commaValue,
      size: fc.nat(),
      extra: fc.array(
        fc.tuple(
          word.filter(
            (k) =>
              !['type', 'checksum', 'url', 'size', 'supportsubcontracting'].includes(
                k.toLowerCase(),
              ),
          ),
          commaValue,
        ),
        { maxLength: 2 },
      ),
    })
    .map((r) => ({ type: 'UPGRADE', ...r }) as Command),
  fields.map((f) => ({ type: 'RESET PWD', fields: f }) as Command),
  fields.map((f) => ({ type: 'SMS', fields: f }) as Command),
  fc.record({ table: accTable, fields }).map((r) => ({ type: 'ACC DATA UPDATE', ...r }) as Command),
  fc
    .record({ table: accTable.filter((t) => t !== 'timezone'), condition: fc.string() })
    .filter((r) => !/[\r\n]/.test(r.condition))
    .map((r) => ({ type: 'ACC DATA DELETE', ...r }) as Command),
  fc
    .record({ tableName: noComma, fieldDesc: noComma, filter: value })
    .map((r) => ({ type: 'ACC DATA QUERY', ...r }) as Command),
  fc
    .record({ table: word, condition: fc.option(value, { nil: undefined }) })
    .map((r) => ({ type: 'DATA COUNT', ...r }) as Command),
  fc.record({ table: word, condition: fields }).map((r) => ({ type: 'ACCOUNT', ...r }) as Command),
  value.map((address) => ({ type: 'TEST HOST', address }) as Command),
  value
    .filter((text) => parseCommand(text).type === 'UNKNOWN')
    .map((text) => ({ type: 'UNKNOWN', text }) as Command),
)

/** Drops keys whose value is undefined, as parsing never produces them. */
function defined<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T
}

describe('command round-trips', () => {
  it('parse(serialize(cmd)) is cmd for every command type', () => {
    fc.assert(
      fc.property(command, (cmd) => {
        expect(parseCommand(formatCommand(cmd))).toEqual(defined(cmd))
      }),
      { numRuns: 3000 },
    )
  })

  it('command lines round-trip through a getrequest body', () => {
    const deliverable = command.filter((c) => formatCommand(c).trim() !== '')
    const line = fc.record({ id: fc.stringMatching(/^[A-Za-z0-9]{1,16}$/), command: deliverable })
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines: CommandLine[]) => {
        const { records, rejected } = parseCommandLines(formatCommandLines(lines))
        expect(rejected).toEqual([])
        expect(records.map((r) => ({ id: r.id, command: r.command }))).toEqual(defined(lines))
      }),
    )
  })
})

describe('command parsing of garbage', () => {
  const tricky = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc
      .array(
        fc.constantFrom(
          'DATA ',
          'UPDATE ',
          'DELETE ',
          'QUERY ',
          'USERINFO ',
          'PIN=',
          'FID=',
          'x',
          '\t',
          '=',
          ',',
          ' ',
          'C:',
          ':',
          '1',
          'SET OPTION',
          'S ',
          'CONTROL DEVICE ',
          'UPGRADE ',
          'tablename=',
          'PutFile ',
          'ENROLL_FP ',
        ),
        { maxLength: 12 },
      )
      .map((a) => a.join('')),
  )

  it('parseCommand never throws and always returns a typed command', () => {
    fc.assert(
      fc.property(tricky, (text) => {
        const cmd = parseCommand(text)
        expect(typeof cmd.type).toBe('string')
        if (cmd.type === 'UNKNOWN') expect(cmd.text).toBe(text)
      }),
      { numRuns: 3000 },
    )
  })

  it('every non-blank getrequest line is a record or a rejected line', () => {
    const body = fc
      .array(fc.oneof(tricky, fc.constant('C:1:REBOOT'), fc.constant('OK')), { maxLength: 8 })
      .map((ls) => ls.join('\n'))
    fc.assert(
      fc.property(body, (b) => {
        const { records, rejected } = parseCommandLines(b)
        const lines = b
          .split('\n')
          .map((l) => l.replace(/\r$/, ''))
          .filter((l) => l.trim() !== '' && l.trim() !== 'OK')
        // a fields-only line after a DATA command is one more record of it
        const recordLines = records.reduce((n, r) => n + r.text.split('\n').length, 0)
        expect(recordLines + rejected.length).toBe(lines.length)
      }),
    )
  })
})
