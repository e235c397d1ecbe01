import {
  type Command,
  isAs608Template,
  RETURN_ILLEGAL_TEMPLATE_FORMAT,
  RETURN_NOT_SUPPORTED,
  RETURN_OK,
} from '@webroster/protocol'
import { queryAttlog } from './attlog-query'
import { clear } from './clear-data'
import type { CommandDeps, Execution } from './command-deps'
import { info } from './device-info'
import { enrollFingerprint } from './enroll-fingerprint'
import { setOptions } from './set-options'
import { deleteTemplates, updateBiodata, updateTemplate } from './template-commands'
import { deleteUser, queryUsers, updateUser } from './user-commands'

const notSupported: Execution = { returnCode: RETURN_NOT_SUPPORTED }

/** A DATA UPDATE / DATA DELETE record (synchronous: store writes only); undefined for any other command. */
function executeRecord(deps: CommandDeps, cmd: Command): Execution | undefined {
  switch (cmd.type) {
    case 'DATA UPDATE':
      switch (cmd.table) {
        case 'USERINFO':
          return updateUser(deps, cmd.user)
        case 'FINGERTMP':
          // A sensor keeping its own library takes only templates in its format.
          if (deps.fingerprints && !isAs608Template(cmd.fingerprint.template)) {
            return { returnCode: RETURN_ILLEGAL_TEMPLATE_FORMAT }
          }
          return updateTemplate(deps, 'fp', cmd.fingerprint)
        case 'FACE':
          return updateTemplate(deps, 'face', cmd.face)
        case 'BIODATA':
          return updateBiodata(deps, cmd.bio)
        default:
          return notSupported
      }
    case 'DATA USER':
      return updateUser(deps, cmd.user)
    case 'DATA DELETE':
      switch (cmd.table) {
        case 'USERINFO':
          return deleteUser(deps, cmd.condition)
        case 'FINGERTMP':
          return deleteTemplates(deps, 'fp', cmd.condition)
        case 'FACE':
          return deleteTemplates(deps, 'face', cmd.condition)
        case 'BIODATA':
          return deleteTemplates(deps, 'biodata', cmd.condition)
        default:
          return notSupported
      }
    default:
      return undefined
  }
}

/**
 * The records of a multi-record command, in one store transaction (one fsync for thousands of users). Every
 * record is applied that can be; the command answers the first failing record's code, else 0.
 */
function executeRecords(deps: CommandDeps, records: readonly Command[]): Execution {
  return deps.store.transaction(() => {
    let returnCode = RETURN_OK
    for (const record of records) {
      const outcome = executeRecord(deps, record) ?? notSupported
      if (returnCode === RETURN_OK) returnCode = outcome.returnCode
    }
    return { returnCode }
  })
}

/**
 * Executes one parsed server command against the terminal. Anything this terminal does not
 * implement answers -1002 (not supported), never a silent success.
 */
export async function executeCommand(deps: CommandDeps, cmd: Command): Promise<Execution> {
  const execution = await execute(deps, cmd)
  // Any of these may add or remove templates (a deleted person takes theirs along).
  if (TOUCHES_TEMPLATES.has(cmd.type)) deps.fingerprints?.templatesChanged()
  return execution
}

const TOUCHES_TEMPLATES = new Set<Command['type']>([
  'DATA UPDATE',
  'DATA DELETE',
  'DATA BATCH',
  'DATA USER',
  'CLEAR',
])

async function execute(deps: CommandDeps, cmd: Command): Promise<Execution> {
  const record = executeRecord(deps, cmd)
  if (record) return record
  switch (cmd.type) {
    case 'ENROLL_FP':
      return enrollFingerprint(deps, cmd.enroll)
    case 'DATA BATCH':
      return executeRecords(deps, cmd.records)
    case 'DATA QUERY':
      switch (cmd.table.toUpperCase()) {
        case 'ATTLOG':
          return queryAttlog(deps, cmd.condition)
        case 'USERINFO':
          return queryUsers(deps, cmd.condition)
        default:
          return notSupported
      }
    case 'CONTROL DEVICE':
      return cmd.action === 0x03 ? { returnCode: RETURN_OK, reboot: true } : notSupported
    case 'REBOOT':
    case 'RESTART':
      return { returnCode: RETURN_OK, reboot: true }
    case 'SET OPTION':
      return setOptions(deps, [[cmd.key, cmd.value]])
    case 'SET OPTIONS':
      return setOptions(deps, cmd.options)
    case 'CHECK':
    case 'RELOAD OPTIONS':
      deps.recheck()
      return { returnCode: RETURN_OK }
    case 'INFO':
      return info(deps)
    case 'LOG':
      await deps.flush()
      return { returnCode: RETURN_OK }
    case 'CLEAR':
      return clear(deps, cmd.target)
    default:
      return notSupported
  }
}
