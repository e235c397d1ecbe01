import { latestCommandsForPin } from '../commands/person-commands-of'
import { deviceNames } from '../devices'
import { NotFoundError } from '../errors'
import { devicesByPerson } from './audience'
import { personExists } from './people-store'
import type { Queryable } from './queue'

/**
 * Where a person's record is on one terminal, from the newest command that sent it there: `queued` (waiting or
 * sent, no result yet), `delivered` (the terminal took it, or it never acknowledges and was sent it), `failed`
 * (refused, unanswered, expired or cancelled), `none` (no command on record: enrolled on that terminal itself).
 */
export type DeliveryState = 'queued' | 'delivered' | 'failed' | 'none'

export interface PersonTerminal {
  sn: string
  name: string | null
  state: DeliveryState
  /** The command's own status (`queued`, `sent`, `succeeded`, …) */
  commandStatus: string | null
  commandId: number | null
  /** Why it failed: the queue's reason, the terminal's return code meaning, or `expired` */
  reason: string | null
  returnCode: number | null
  /** When the state last changed */
  changedAt: string | null
}

const STATE: Record<string, DeliveryState> = {
  queued: 'queued',
  sent: 'queued',
  succeeded: 'delivered',
  delivered: 'delivered',
  failed: 'failed',
  expired: 'failed',
}

/** Every terminal in the person's reach (sharing a group with them), with the delivery state of their record. */
export async function personTerminals(db: Queryable, pin: string): Promise<PersonTerminal[]> {
  if (!(await personExists(db, pin))) throw new NotFoundError(`person ${pin}`)
  const sns = [...((await devicesByPerson(db, [pin])).get(pin) ?? [])].sort()
  const names = await deviceNames(db, sns)
  const latest = await latestCommandsForPin(db, pin, sns, ['update-user'])
  return sns.map((sn) => {
    const c = latest.get(sn)
    if (!c) {
      return {
        sn,
        name: names.get(sn) ?? null,
        state: 'none',
        commandStatus: null,
        commandId: null,
        reason: null,
        returnCode: null,
        changedAt: null,
      }
    }
    const state = STATE[c.status] ?? 'queued'
    const failedWhy =
      c.reason ??
      c.resultMeaning ??
      (c.returnCode !== null ? `return code ${c.returnCode}` : c.status)
    return {
      sn,
      name: names.get(sn) ?? null,
      state,
      commandStatus: c.status,
      commandId: c.id,
      reason: state === 'failed' ? failedWhy : null,
      returnCode: c.returnCode,
      changedAt: (c.completedAt ?? c.sentAt ?? c.createdAt).toISOString(),
    }
  })
}
