import { inArray } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { people, personGroups, templates } from '../db/schema'
import { statementChunks } from '../db/statement-chunks'
import { errorCause } from '../errors'
import type { Logger } from '../logger'
import { devicesByPerson, groupIdsOfDevice, targetDevices } from './audience'
import { withoutDelivered } from './delivered'
import { type ProvisionContext, reconcileInputs, templateInputs } from './provisioning'
import type { CommandSink, QueueInput } from './queue'

/** What the OPERLOG/BIODATA ingest reports after committing a user or template enrolled on a terminal. */
export interface EnrolledEvent {
  sn: string
  pin: string
  kind: 'user' | 'template'
  templateIds?: number[]
}

export interface FanOutDeps {
  db: Db
  queue: CommandSink
  defaultZone: string
  log: Logger
}

/** PINs fanned out in one transaction: bounds each statement's parameters and how long the membership lock is held. */
const PINS_PER_TRANSACTION = 1000

/** One terminal's enrolments: users by PIN, template ids by PIN. */
interface Enrolments {
  users: Set<string>
  templates: Map<string, Set<number>>
}

function bySource(events: readonly EnrolledEvent[]): Map<string, Enrolments> {
  const out = new Map<string, Enrolments>()
  for (const e of events) {
    let of = out.get(e.sn)
    if (!of) {
      of = { users: new Set(), templates: new Map() }
      out.set(e.sn, of)
    }
    if (e.kind === 'user') of.users.add(e.pin)
    else {
      const ids = of.templates.get(e.pin) ?? new Set<number>()
      for (const id of e.templateIds ?? []) ids.add(id)
      of.templates.set(e.pin, ids)
    }
  }
  return out
}

/**
 * Builds the `onEnrolled` hook: the users and templates one upload enrolled on a terminal are queued to every other
 * terminal sharing a group with the person, templates only where the terminal can use them. A person first seen on
 * a terminal (source `device:<sn>`, no groups yet) joins that terminal's groups. A chunk that fails is logged and
 * the others still go.
 */
export function createFanOut(
  deps: FanOutDeps,
): (events: readonly EnrolledEvent[]) => Promise<void> {
  return async (events) => {
    for (const [sn, enrolled] of bySource(events)) {
      const ctx: ProvisionContext = {
        queue: deps.queue,
        defaultZone: deps.defaultZone,
        createdBy: `fan-out:${sn}`,
      }
      const pins = [...new Set([...enrolled.users, ...enrolled.templates.keys()])]
      for (let i = 0; i < pins.length; i += PINS_PER_TRANSACTION) {
        const chunk = pins.slice(i, i + PINS_PER_TRANSACTION)
        try {
          const queued = await deps.db.transaction((tx) =>
            fanOutChunk(tx, ctx, sn, chunk, enrolled),
          )
          deps.log.debug('fan-out', { sn, pins: chunk.length, queued })
        } catch (e) {
          deps.log.error('enrolment fan-out failed', { sn, pins: chunk.length, ...errorCause(e) })
        }
      }
    }
  }
}

/** Queues one chunk's users, then its templates (a terminal refuses a template for a PIN it does not know yet). */
async function fanOutChunk(
  tx: Tx,
  ctx: ProvisionContext,
  sn: string,
  pins: readonly string[],
  enrolled: Enrolments,
): Promise<number> {
  const persons = await tx
    .select({ pin: people.pin, source: people.source })
    .from(people)
    .where(inArray(people.pin, [...pins]))
  const sourceOf = new Map(persons.map((p) => [p.pin, p.source]))
  const users = pins.filter((pin) => enrolled.users.has(pin) && sourceOf.has(pin))
  const userInputs = await userFanOut(tx, ctx, sn, users, sourceOf)
  const withTemplates = pins.filter((pin) => enrolled.templates.has(pin) && sourceOf.has(pin))
  const templateInputs = await templateFanOut(tx, ctx, sn, withTemplates, enrolled.templates)
  // A device the user fan-out installs the person on already gets their templates with them.
  const freshTemplates = await withoutDelivered(tx, templateInputs, userInputs)
  const queued = [...userInputs, ...freshTemplates]
  if (queued.length > 0) await ctx.queue.enqueueMany(queued, tx)
  return queued.length
}

async function userFanOut(
  tx: Tx,
  ctx: ProvisionContext,
  sn: string,
  pins: readonly string[],
  sourceOf: ReadonlyMap<string, string | null>,
): Promise<QueueInput[]> {
  if (pins.length === 0) return []
  const members = await tx
    .selectDistinct({ pin: personGroups.pin })
    .from(personGroups)
    .where(inArray(personGroups.pin, [...pins]))
  const inGroups = new Set(members.map((m) => m.pin))
  const joiners = pins.filter((pin) => !inGroups.has(pin) && sourceOf.get(pin) === `device:${sn}`)
  const joinGroups = joiners.length > 0 ? await groupIdsOfDevice(tx, sn) : []
  const rows = joiners.flatMap((pin) => joinGroups.map((groupId) => ({ pin, groupId })))
  return reconcileInputs(
    tx,
    ctx,
    pins,
    async () => {
      for (const chunk of statementChunks(personGroups, rows)) {
        await tx.insert(personGroups).values(chunk).onConflictDoNothing()
      }
    },
    { refresh: new Set(pins), skipSn: sn, skipDelivered: true },
  )
}

async function templateFanOut(
  tx: Tx,
  ctx: ProvisionContext,
  sn: string,
  pins: readonly string[],
  idsByPin: ReadonlyMap<string, ReadonlySet<number>>,
): Promise<QueueInput[]> {
  const ids = pins.flatMap((pin) => [...(idsByPin.get(pin) ?? [])])
  if (ids.length === 0) return []
  const rows = await tx.select().from(templates).where(inArray(templates.id, ids))
  const rowsByPin = new Map<string, typeof rows>()
  for (const t of rows.sort((a, b) => a.id - b.id)) {
    if (!idsByPin.get(t.pin)?.has(t.id)) continue
    rowsByPin.set(t.pin, [...(rowsByPin.get(t.pin) ?? []), t])
  }
  const audience = await devicesByPerson(tx, [...rowsByPin.keys()])
  const sns = new Set<string>()
  for (const set of audience.values()) for (const s of set) if (s !== sn) sns.add(s)
  const targets = await targetDevices(tx, [...sns].sort(), ctx.defaultZone)
  const inputs: QueueInput[] = []
  for (const [pin, personTemplates] of rowsByPin) {
    for (const deviceSn of [...(audience.get(pin) ?? [])].sort()) {
      const device = targets.get(deviceSn)
      if (!device || deviceSn === sn) continue
      inputs.push(...templateInputs(personTemplates, device, ctx.createdBy))
    }
  }
  return inputs
}
