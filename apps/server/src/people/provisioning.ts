import { inArray, sql } from 'drizzle-orm'
import type { Tx } from '../db'
import { people, templates } from '../db/schema'
import { devicesByPerson, type TargetDevice, targetDevices } from './audience'
import { canUseTemplate } from './capabilities'
import { withoutDelivered } from './delivered'
import { packRecords } from './pack'
import {
  type PersonRow,
  type TemplateRow,
  templateUpdateCommand,
  userDeleteCommands,
  userUpdateCommands,
} from './person-commands'
import type { CommandSink, Queryable, QueueInput } from './queue'

/** What provisioning needs besides the transaction: where commands go and how they are attributed. */
export interface ProvisionContext {
  queue: CommandSink
  /** Zone for devices without their own */
  defaultZone: string
  /** Recorded on every queued command (`admin`, `key:<name>`, `fan-out:<sn>`) */
  createdBy: string
}

/**
 * Commands that install a person on one device: the user first, then each template the device can use
 * (a terminal refuses a template for a PIN it does not know).
 */
export function installInputs(
  person: PersonRow,
  personTemplates: readonly TemplateRow[],
  device: TargetDevice,
  createdBy: string,
): QueueInput[] {
  return [
    ...userInputs(person, device, createdBy),
    ...templateInputs(personTemplates, device, createdBy),
  ]
}

/** The templates of `personTemplates` the device can use, in its dialect. */
export function templateInputs(
  personTemplates: readonly TemplateRow[],
  device: TargetDevice,
  createdBy: string,
): QueueInput[] {
  return personTemplates
    .filter((t) => canUseTemplate(device.capabilities, t))
    .map((t) => ({
      sn: device.sn,
      type: 'update-template',
      command: templateUpdateCommand(t, device.dialect),
      createdBy,
    }))
}

/** The person's user record(s) in the device's dialect. */
function userInputs(person: PersonRow, device: TargetDevice, createdBy: string): QueueInput[] {
  return userUpdateCommands(person, device.zone, device.dialect).map((command) => ({
    sn: device.sn,
    type: 'update-user',
    command,
    createdBy,
  }))
}

/** People rows and their templates, by PIN. */
export async function loadPeople(db: Queryable, pins: readonly string[]) {
  if (pins.length === 0) {
    return { people: new Map<string, PersonRow>(), templates: new Map<string, TemplateRow[]>() }
  }
  const personRows = await db
    .select()
    .from(people)
    .where(inArray(people.pin, [...pins]))
  const templateRows = await db
    .select()
    .from(templates)
    .where(inArray(templates.pin, [...pins]))
  const byPin = new Map<string, TemplateRow[]>()
  for (const t of templateRows.sort((a, b) => a.id - b.id)) {
    const list = byPin.get(t.pin) ?? []
    list.push(t)
    byPin.set(t.pin, list)
  }
  return { people: new Map(personRows.map((p) => [p.pin, p])), templates: byPin }
}

export interface ReconcileOptions {
  /** PINs whose record changed: re-sent to the devices they keep, not only to those they gain */
  refresh?: ReadonlySet<string>
  /** A device that already has the data (the one it was enrolled on) */
  skipSn?: string
  /** Leave out commands a device already has pending or executed (fan-out echo guard) */
  skipDelivered?: boolean
  /** The only device the change can concern (its own groups changed): others are not read */
  onlySn?: string
}

/** Advisory lock key serialising membership changes (any 64-bit constant unique to this use). */
const MEMBERSHIP_LOCK = 0x7765_6272_6f73

/**
 * Serialises membership changes until `tx` ends. Without it two concurrent changes (two terminals joining a group)
 * each see the other's commit between their before and after reads, and both install people on both terminals.
 */
export async function lockMembership(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${MEMBERSHIP_LOCK})`)
}

/**
 * Runs a membership change inside `tx` and queues, in the same transaction, what it means for each PIN:
 * devices it no longer shares a group with get `DATA DELETE USERINFO` (a removed person cannot punch there),
 * devices it newly shares a group with get the user and their usable templates. Returns the number of commands queued
 * (several records share one command where the device takes it).
 */
export async function reconcileAccess(
  tx: Tx,
  ctx: ProvisionContext,
  pins: readonly string[],
  change: () => Promise<void>,
  options: ReconcileOptions = {},
): Promise<number> {
  const queued = await reconcileInputs(tx, ctx, pins, change, options)
  if (queued.length > 0) await ctx.queue.enqueueMany(queued, tx)
  return queued.length
}

/** `reconcileAccess` without the queueing: the commands it would queue, for a caller that adds its own after them. */
export async function reconcileInputs(
  tx: Tx,
  ctx: ProvisionContext,
  pins: readonly string[],
  change: () => Promise<void>,
  options: ReconcileOptions = {},
): Promise<QueueInput[]> {
  await lockMembership(tx)
  // One device's groups changing concerns only that device: reading everyone's would cost pins × devices rows.
  const only = options.onlySn === undefined ? undefined : [options.onlySn]
  const before = await devicesByPerson(tx, pins, only)
  await change()
  const after = await devicesByPerson(tx, pins, only)
  const allSns = new Set<string>()
  for (const set of [...before.values(), ...after.values()]) for (const sn of set) allSns.add(sn)
  const targets = await targetDevices(tx, [...allSns].sort(), ctx.defaultZone)
  const loaded = await loadPeople(tx, pins)
  const inputs: QueueInput[] = []
  for (const pin of pins) {
    const had = before.get(pin) ?? new Set<string>()
    const has = after.get(pin) ?? new Set<string>()
    const person = loaded.people.get(pin)
    for (const sn of [...new Set([...had, ...has])].sort()) {
      const device = targets.get(sn)
      if (!device || sn === options.skipSn) continue
      if (!has.has(sn) || !person) {
        for (const command of userDeleteCommands(pin, device.dialect)) {
          inputs.push({ sn, type: 'delete-user', command, createdBy: ctx.createdBy })
        }
      } else if (!had.has(sn)) {
        inputs.push(
          ...installInputs(person, loaded.templates.get(pin) ?? [], device, ctx.createdBy),
        )
      } else if (options.refresh?.has(pin)) {
        inputs.push(...userInputs(person, device, ctx.createdBy))
      }
    }
  }
  const fresh = options.skipDelivered ? await withoutDelivered(tx, inputs) : inputs
  return packRecords(fresh, (sn) => targets.get(sn)?.multiRecord === true)
}
