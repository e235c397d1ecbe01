import {
  type Field,
  fieldValue,
  formatOperlogRecord,
  normaliseWallClock,
  RETURN_BAD_PARAMETER,
  RETURN_OK,
  type UserInfo,
} from '@webroster/protocol'
import type { UserInput, UserRecord } from '../store/types'
import { canonicalCard } from './card'
import type { CommandDeps, Execution } from './command-deps'

/** A validity bound as stored: wall clock, or null for unlimited (`0` or empty on the wire). */
function bound(value: string | undefined): string | null | undefined {
  if (value === undefined) return undefined
  const v = value.trim()
  if (v === '' || v === '0') return null
  return normaliseWallClock(v) ?? (/^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined)
}

/** `DATA UPDATE USERINFO`: insert or update by PIN; fields the server left out are kept. */
export function updateUser(deps: CommandDeps, user: UserInfo): Execution {
  const pin = user.pin.trim()
  if (pin === '') return { returnCode: RETURN_BAD_PARAMETER }
  const input: UserInput = { pin }
  if (user.name !== undefined) input.name = user.name
  if (user.privilege !== undefined) input.privilege = user.privilege
  if (user.password !== undefined) input.password = user.password
  if (user.card !== undefined) input.card = canonicalCard(user.card)
  if (user.group !== undefined) input.group = user.group
  if (user.verify !== undefined) input.verify = user.verify
  if (user.expires === 0) {
    input.startAt = null
    input.endAt = null
  } else {
    const start = bound(user.startDatetime)
    const end = bound(user.endDatetime)
    if (start !== undefined) input.startAt = start
    if (end !== undefined) input.endAt = end
  }
  deps.store.upsertUser(input)
  return { returnCode: RETURN_OK }
}

/**
 * `DATA DELETE USERINFO PIN=`: the person, their templates and (being on the user row) their card
 * go in one transaction, so they cannot punch again. Deleting an absent PIN succeeds: the state
 * the server asked for holds.
 */
export function deleteUser(deps: CommandDeps, condition: readonly Field[]): Execution {
  const pin = fieldValue(condition, 'PIN')?.trim()
  if (!pin) return { returnCode: RETURN_BAD_PARAMETER }
  deps.store.deleteUser(pin)
  return { returnCode: RETURN_OK }
}

const userLine = (u: UserRecord): string =>
  formatOperlogRecord({
    kind: 'USER',
    pin: u.pin,
    name: u.name,
    privilege: u.privilege,
    password: u.password,
    card: u.card === '' ? '' : `[${u.card}]`,
    group: u.group,
    timeZones: '0000000000000000',
    // -1 (the group's mode) goes as firmware writes it.
    verify: u.verify,
    viceCard: '',
    ...(u.startAt ? { startDatetime: u.startAt } : {}),
    ...(u.endAt ? { endDatetime: u.endAt } : {}),
  })

/**
 * `DATA QUERY USERINFO [PIN=]`: answered as OPERLOG `USER` and `FP` records, then the result.
 * Without a PIN every user is sent.
 */
export async function queryUsers(
  deps: CommandDeps,
  condition: readonly Field[],
): Promise<Execution> {
  const pin = fieldValue(condition, 'PIN')?.trim()
  const { store } = deps
  const users = pin ? [store.findUserByPin(pin)].filter((u) => u !== undefined) : store.listUsers()
  const lines: string[] = []
  for (const u of users) {
    lines.push(userLine(u))
    for (const t of store.listTemplates(u.pin)) {
      if (t.kind !== 'fp') continue
      lines.push(
        formatOperlogRecord({
          kind: 'FP',
          pin: t.pin,
          fid: t.no,
          size: t.template.length,
          valid: t.valid,
          template: t.template,
        }),
      )
    }
  }
  if (lines.length > 0) await deps.uploadOperlog(lines)
  // Attendance firmware answers 0 for success; the records themselves carry the data.
  return { returnCode: RETURN_OK }
}
