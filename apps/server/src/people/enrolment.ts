import { eq } from 'drizzle-orm'
import type { Db } from '../db'
import { people } from '../db/schema'
import { ConflictError, NotFoundError } from '../errors'
import { devicesByPerson, targetDevices } from './audience'
import type { ProvisionContext } from './provisioning'

export interface FingerprintEnrolment {
  /** The terminal the person enrols at */
  sn: string
  /** Finger number 0-9 (FID) */
  finger: number
  /** Replace a finger already enrolled under this number */
  overwrite: boolean
  /** Poor captures the terminal may try again */
  retry?: number
}

/**
 * Queues `ENROLL_FP PIN=… FID=…` for a person at one terminal. The terminal must be one of the person's (it answers
 * -10 for a PIN it does not hold) and speak the attendance protocol; once enrolled, the terminal uploads the template
 * and the fan-out takes it to the person's other terminals that can use it. Resolves with the command id.
 */
export async function queueFingerprintEnrolment(
  db: Db,
  ctx: ProvisionContext,
  pin: string,
  e: FingerprintEnrolment,
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const [person] = await tx.select({ pin: people.pin }).from(people).where(eq(people.pin, pin))
    if (!person) throw new NotFoundError(`person ${pin}`)
    const device = (await targetDevices(tx, [e.sn], ctx.defaultZone)).get(e.sn)
    if (!device) throw new NotFoundError(`device ${e.sn}`)
    if (device.dialect !== 'att') {
      throw new ConflictError(`device ${e.sn} is an access controller: it has no ENROLL_FP`)
    }
    const mine = (await devicesByPerson(tx, [pin], [e.sn])).get(pin)
    if (!mine?.has(e.sn)) {
      throw new ConflictError(
        `person ${pin} is not on device ${e.sn}: add them to one of its groups`,
      )
    }
    const [queued] = await ctx.queue.enqueueMany(
      [
        {
          sn: e.sn,
          type: 'enroll-fingerprint',
          command: {
            type: 'ENROLL_FP',
            enroll: {
              pin,
              fid: e.finger,
              overwrite: e.overwrite ? 1 : 0,
              ...(e.retry === undefined ? {} : { retry: e.retry }),
            },
          },
          createdBy: ctx.createdBy,
        },
      ],
      tx,
    )
    if (!queued) throw new Error('the command queue returned no id')
    return { id: queued.id }
  })
}
