import { splitRecordTexts } from './command-batch'
import { parseControlHex } from './command-control'
import { afterVerb, parseDataCommand } from './command-parse-data'
import type { ClearTarget, Command, KeywordCommandType } from './command-types'
import { parseCommaFields, parseFields } from './fields'
import { parseRecordText } from './record-codec'
import { ENROLL_BIO_SPEC, ENROLL_FP_SPEC, ENROLL_MF_SPEC } from './wire-records'

const KEYWORDS: readonly KeywordCommandType[] = [
  'CHECK',
  'LOG',
  'INFO',
  'REBOOT',
  'RESTART',
  'RELOAD OPTIONS',
  'AC_UNLOCK',
  'AC_UNALARM',
  'NOALARM',
]
const CLEAR_TARGETS: readonly ClearTarget[] = ['LOG', 'PHOTO', 'DATA', 'BIODATA', 'ALL USERINFO']

function parsePutFile(rest: string): Command | null {
  const [url = '', ...others] = rest.split('\t')
  if (url === '') return null
  if (others.length === 0) return { type: 'PutFile', url, options: [] }
  const [path = '', ...opts] = others
  const options = parseFields(opts.join('\t'))
  return options === null ? null : { type: 'PutFile', url, path, options }
}

function parseUpgrade(rest: string): Command | null {
  const fields = parseCommaFields(rest)
  if (fields === null) return null
  const known = new Map<string, string>()
  const extra: [string, string][] = []
  for (const [k, v] of fields) {
    const lower = k.toLowerCase()
    const isKnown = ['type', 'checksum', 'url', 'size', 'supportsubcontracting'].includes(lower)
    if (isKnown && !known.has(lower)) known.set(lower, v)
    else extra.push([k, v])
  }
  const checksum = known.get('checksum')
  const url = known.get('url')
  const sizeText = known.get('size') ?? ''
  if (checksum === undefined || url === undefined || !/^(0|[1-9][0-9]*)$/.test(sizeText))
    return null
  const type = known.get('type')
  const chunked = known.get('supportsubcontracting')
  if ((type !== undefined && type !== '1') || (chunked !== undefined && chunked !== '1'))
    return null
  if (type !== undefined && chunked !== undefined) return null
  const mode = type === '1' ? 'raw' : chunked === '1' ? 'chunked' : 'base64'
  return { type: 'UPGRADE', mode, checksum, url, size: Number(sizeText), extra }
}

function parseSetOption(rest: string): Command | null {
  const eq = rest.indexOf('=')
  const sp = rest.indexOf(' ')
  // Old servers wrote `SET OPTION <key> <value>`; `=` wins when it comes first.
  const at = eq >= 0 && (sp < 0 || eq < sp) ? eq : sp
  if (at <= 0) return null
  const key = rest.slice(0, at).trim()
  if (key === '' || rest.slice(at + 1).includes('\t')) return null
  return { type: 'SET OPTION', key, value: rest.slice(at + 1) }
}

type Parser = (rest: string) => Command | null

const VERBS: ReadonlyArray<readonly [string, Parser]> = [
  ['DATA', parseDataCommand],
  [
    'CONTROL DEVICE',
    (r) => {
      const c = parseControlHex(r.trim())
      return c && { type: 'CONTROL DEVICE', ...c }
    },
  ],
  [
    'SET OPTIONS',
    (r) => {
      const options = parseCommaFields(r)
      return options && options.length > 0 ? { type: 'SET OPTIONS', options } : null
    },
  ],
  ['SET OPTION', parseSetOption],
  [
    'GET OPTIONS',
    (r) => {
      const keys = r
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== '')
      return keys.length > 0 && !keys.some((k) => /\s/.test(k))
        ? { type: 'GET OPTIONS', keys }
        : null
    },
  ],
  [
    'VERIFY SUM',
    (r) => {
      const sp = r.indexOf(' ')
      const table = sp < 0 ? r : r.slice(0, sp)
      const condition = parseFields(sp < 0 ? '' : r.slice(sp + 1))
      return table !== '' && condition ? { type: 'VERIFY SUM', table, condition } : null
    },
  ],
  ['GetFile', (r) => (r === '' ? null : { type: 'GetFile', path: r })],
  ['PutFile', parsePutFile],
  [
    'ENROLL_FP',
    (r) => {
      const enroll = parseRecordText<Extract<Command, { type: 'ENROLL_FP' }>['enroll']>(
        ENROLL_FP_SPEC,
        r,
      )
      return enroll && { type: 'ENROLL_FP', enroll }
    },
  ],
  [
    'ENROLL_MF',
    (r) => {
      const enroll = parseRecordText<Extract<Command, { type: 'ENROLL_MF' }>['enroll']>(
        ENROLL_MF_SPEC,
        r,
      )
      return enroll && { type: 'ENROLL_MF', enroll }
    },
  ],
  [
    'ENROLL_BIO',
    (r) => {
      const enroll = parseRecordText<Extract<Command, { type: 'ENROLL_BIO' }>['enroll']>(
        ENROLL_BIO_SPEC,
        r,
      )
      return enroll && { type: 'ENROLL_BIO', enroll }
    },
  ],
  ['SHELL', (r) => (r === '' ? null : { type: 'SHELL', command: r })],
  ['UPGRADE', parseUpgrade],
  [
    'RESET PWD',
    (r) => {
      const fields = parseFields(r)
      return fields && { type: 'RESET PWD', fields }
    },
  ],
  [
    'SMS',
    (r) => {
      const fields = parseFields(r)
      return fields && { type: 'SMS', fields }
    },
  ],
  [
    'ACCOUNT',
    (r) => {
      const sp = r.indexOf(' ')
      const table = sp < 0 ? r : r.slice(0, sp)
      const condition = parseFields(sp < 0 ? '' : r.slice(sp + 1))
      return table !== '' && condition ? { type: 'ACCOUNT', table, condition } : null
    },
  ],
  [
    'Test Host',
    (r) => {
      const address = afterAddress(r)
      return address === null ? null : { type: 'TEST HOST', address }
    },
  ],
]

function afterAddress(rest: string): string | null {
  return /^address=/i.test(rest) ? rest.slice('address='.length) : null
}

/**
 * Parses the text after `C:<id>:` into a typed command; keys and verbs case-insensitive; never throws —
 * anything it cannot model exactly is `UNKNOWN`.
 * @example parseCommand('DATA DELETE USERINFO PIN=7') // { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '7']] }
 */
export function parseCommand(text: string): Command {
  const unknown: Command = { type: 'UNKNOWN', text }
  const records = text.includes('\n') ? splitRecordTexts(text) : undefined
  if (records) return { type: 'DATA BATCH', records: records.map(parseCommand) }
  const bare = text.trim().toUpperCase().replace(/_/g, ' ')
  const keyword = KEYWORDS.find((k) => k === text.trim().toUpperCase())
  if (keyword) return { type: keyword }
  const clear = CLEAR_TARGETS.find((t) => bare === `CLEAR ${t}`)
  if (clear) return { type: 'CLEAR', target: clear }
  for (const [verb, parse] of VERBS) {
    const rest = afterVerb(text, verb)
    if (rest === null) continue
    return parse(rest) ?? unknown
  }
  return unknown
}
