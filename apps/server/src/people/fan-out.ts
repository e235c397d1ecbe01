import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../db'
import { people, personGroups, templates } from '../db/schema'
import type { Logger } from '../logger'
import { devicesByPerson, groupIdsOfDevice, targetDevices } from './audience'
import { canUseTemplate } from './capabilities'
import { withoutDelivered } from './delivered'
import { templateUpdateCommand } from './device-commands'
import { type ProvisionContext, reconcileAccess } from './provisioning'
import type { CommandQueue, QueueInput } from './queue'

/** What the OPERLOG/BIODATA ingest reports after committing a user or template enrolled on a terminal. */
export interface EnrolledEvent {
  sn: string
  pin: string
  kind: 'user' | 'template'
  templateIds?: number[]
}

export interface FanOutDeps {
  db: Db
  queue: CommandQueue
  defaultZone: string
  log: Logger
}

/**
 * Builds the `onEnrolled` hook: a user or template enrolled on one terminal is queued to every other terminal
 * sharing a group with the person, templates only where the terminal can use them. A person first seen on a
 * terminal (source `device:<sn>`, no groups yet) joins that terminal's groups.
 */
export function createFanOut(deps: FanOutDeps): (event: EnrolledEvent) => Promise<void> {
  return async (event) => {
    const ctx: ProvisionContext = {
      queue: deps.queue,
      defaultZone: deps.defaultZone,
      createdBy: `fan-out:${event.sn}`,
    }
    const queued = await deps.db.transaction(async (tx) => {
      const [person] = await tx.select().from(people).where(eq(people.pin, event.pin))
      if (!person) return 0
      if (event.kind === 'user') {
        const memberships = await tx
          .select()
          .from(personGroups)
          .where(eq(personGroups.pin, event.pin))
        const joinGroups =
          memberships.length === 0 && person.source === `device:${event.sn}`
            ? await groupIdsOfDevice(tx, event.sn)
            : []
        return reconcileAccess(
          tx,
          ctx,
          [event.pin],
          async () => {
            if (joinGroups.length === 0) return
            await tx
              .insert(personGroups)
              .values(joinGroups.map((groupId) => ({ pin: event.pin, groupId })))
              .onConflictDoNothing()
          },
          { refresh: new Set([event.pin]), skipSn: event.sn, skipDelivered: true },
        )
      }
      const ids = event.templateIds ?? []
      if (ids.length === 0) return 0
      const rows = await tx
        .select()
        .from(templates)
        .where(and(eq(templates.pin, event.pin), inArray(templates.id, ids)))
      const sns = [...((await devicesByPerson(tx, [event.pin])).get(event.pin) ?? [])]
        .filter((sn) => sn !== event.sn)
        .sort()
      const targets = await targetDevices(tx, sns, ctx.defaultZone)
      const inputs: QueueInput[] = []
      for (const device of targets.values()) {
        for (const t of rows) {
          if (!canUseTemplate(device.capabilities, t)) continue
          inputs.push({
            sn: device.sn,
            type: 'update-template',
            command: templateUpdateCommand(t, device.dialect),
            createdBy: ctx.createdBy,
          })
        }
      }
      const fresh = await withoutDelivered(tx, inputs)
      if (fresh.length > 0) await deps.queue.enqueueMany(fresh, tx)
      return fresh.length
    })
    deps.log.debug('fan-out', { sn: event.sn, pin: event.pin, kind: event.kind, queued })
  }
}
