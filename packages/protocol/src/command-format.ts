import { joinRecordTexts } from './command-batch'
import { formatControlHex } from './command-control'
import type { Command, DataUpdateCommand } from './command-types'
import { type Field, formatCommaFields, formatFields } from './fields'
import { formatRecordFields } from './record-codec'
import {
  BIODATA_SPEC,
  BIOPHOTO_SPEC,
  type BioTemplate,
  ENROLL_BIO_SPEC,
  ENROLL_FP_SPEC,
  ENROLL_MF_SPEC,
  FACE_SPEC,
  FP_SPEC,
  FVEIN_SPEC,
  USER_SPEC,
  USERPIC_SPEC,
} from './wire-records'

/** `head` alone, or `head rest` when there is a rest. */
function withArgs(head: string, rest: string): string {
  return rest === '' ? head : `${head} ${rest}`
}

function updateFields(cmd: DataUpdateCommand): Field[] {
  switch (cmd.table) {
    case 'USERINFO':
      return formatRecordFields(USER_SPEC, cmd.user)
    case 'FINGERTMP':
      return formatRecordFields(FP_SPEC, cmd.fingerprint)
    case 'FACE':
      return formatRecordFields(FACE_SPEC, cmd.face)
    case 'FVEIN':
      return formatRecordFields(FVEIN_SPEC, cmd.vein)
    case 'BIODATA':
      return formatRecordFields(BIODATA_SPEC, cmd.bio)
    case 'USERPIC':
      return formatRecordFields(USERPIC_SPEC, cmd.photo)
    case 'BIOPHOTO':
      return formatRecordFields(BIOPHOTO_SPEC, cmd.bioPhoto)
    default:
      return cmd.fields
  }
}

function upgradeText(cmd: Extract<Command, { type: 'UPGRADE' }>): string {
  const { checksum, url } = cmd
  const size = String(cmd.size)
  const fields: Field[] =
    cmd.mode === 'raw'
      ? [
          ['type', '1'],
          ['checksum', checksum],
          ['size', size],
          ['url', url],
        ]
      : cmd.mode === 'chunked'
        ? [
            ['checksum', checksum],
            ['size', size],
            ['url', url],
            ['supportsubcontracting', '1'],
          ]
        : [
            ['checksum', checksum],
            ['url', url],
            ['size', size],
          ]
  return formatCommaFields([...fields, ...cmd.extra])
}

function body(cmd: Command): string {
  switch (cmd.type) {
    case 'DATA UPDATE':
      return withArgs(`DATA UPDATE ${cmd.table}`, formatFields(updateFields(cmd)))
    case 'DATA DELETE':
    case 'DATA QUERY':
    case 'VERIFY SUM':
      return withArgs(`${cmd.type} ${cmd.table}`, formatFields(cmd.condition))
    case 'DATA USER':
      return withArgs('DATA USER', formatFields(formatRecordFields(USER_SPEC, cmd.user)))
    case 'DATA FP':
    case 'RESET PWD':
    case 'SMS':
      return withArgs(cmd.type, formatFields(cmd.fields))
    case 'CLEAR':
      return `CLEAR ${cmd.target}`
    case 'CONTROL DEVICE':
      return `CONTROL DEVICE ${formatControlHex(cmd.action, cmd.params)}`
    case 'SET OPTION':
      if (/[\s=]/.test(cmd.key))
        throw new Error(`invalid SET OPTION key: ${JSON.stringify(cmd.key)}`)
      return `SET OPTION ${formatFields([[cmd.key, cmd.value]])}`
    case 'SET OPTIONS':
      return `SET OPTIONS ${formatCommaFields(cmd.options)}`
    case 'GET OPTIONS':
      if (cmd.keys.some((k) => k === '' || /[,\s]/.test(k)))
        throw new Error('invalid GET OPTIONS key')
      return `GET OPTIONS ${cmd.keys.join(',')}`
    case 'GetFile':
      return `GetFile ${cmd.path}`
    case 'PutFile': {
      if (cmd.url.includes('\t') || cmd.path?.includes('\t'))
        throw new Error('PutFile url/path with TAB')
      const head = cmd.path === undefined ? cmd.url : `${cmd.url}\t${cmd.path}`
      return cmd.options.length === 0
        ? `PutFile ${head}`
        : `PutFile ${head}\t${formatFields(cmd.options)}`
    }
    case 'ENROLL_FP':
      return withArgs('ENROLL_FP', formatFields(formatRecordFields(ENROLL_FP_SPEC, cmd.enroll)))
    case 'ENROLL_MF':
      return withArgs('ENROLL_MF', formatFields(formatRecordFields(ENROLL_MF_SPEC, cmd.enroll)))
    case 'ENROLL_BIO':
      return withArgs('ENROLL_BIO', formatFields(formatRecordFields(ENROLL_BIO_SPEC, cmd.enroll)))
    case 'SHELL':
      return `SHELL ${cmd.command}`
    case 'UPGRADE':
      return `UPGRADE ${upgradeText(cmd)}`
    case 'ACC DATA UPDATE':
      return withArgs(`DATA UPDATE ${cmd.table}`, formatFields(cmd.fields))
    case 'ACC DATA DELETE':
      return withArgs(`DATA DELETE ${cmd.table}`, cmd.condition)
    case 'ACC DATA QUERY':
      if (/,/.test(cmd.tableName + cmd.fieldDesc))
        throw new Error('DATA QUERY tablename/fielddesc with a comma')
      return `DATA QUERY tablename=${cmd.tableName},fielddesc=${cmd.fieldDesc},filter=${cmd.filter}`
    case 'DATA COUNT':
      return cmd.condition === undefined
        ? `DATA COUNT ${cmd.table}`
        : `DATA COUNT ${cmd.table} ${cmd.condition}`
    case 'ACCOUNT':
      return withArgs(`ACCOUNT ${cmd.table}`, formatFields(cmd.condition))
    case 'TEST HOST':
      return `Test Host Address=${cmd.address}`
    case 'DATA BATCH':
      // Each record is checked on its own; the line breaks between them are the format.
      return joinRecordTexts(cmd.records.map(formatCommand))
    case 'UNKNOWN':
      return cmd.text
    default:
      return cmd.type
  }
}

/**
 * The fields of a `BIODATA` record, for the Security-PUSH `biodata` table that carries the same record.
 * @example formatBiodataFields({ pin: '1', no: 0, index: 0, valid: 1, duress: 0, type: 1, majorVer: '12', minorVer: '0', format: 0, template: 'AA==' })[0] // ['Pin', '1']
 */
export function formatBiodataFields(bio: BioTemplate): Field[] {
  return formatRecordFields(BIODATA_SPEC, bio)
}

/**
 * The command text that follows `C:<id>:` on the wire, TAB-separated fields; throws if a value would break the
 * line framing. A `DATA BATCH` spans one line per record.
 * @example formatCommand({ type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '7']] }) // 'DATA DELETE USERINFO PIN=7'
 */
export function formatCommand(cmd: Command): string {
  const text = body(cmd)
  if (cmd.type !== 'DATA BATCH' && /[\r\n]/.test(text))
    throw new Error(`command text would span lines: ${JSON.stringify(text)}`)
  return text
}
