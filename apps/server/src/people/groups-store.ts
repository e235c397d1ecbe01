import { asc, count, eq, inArray } from 'drizzle-orm'
import type { Db } from '../db'
import { deviceGroups, groups, personGroups } from '../db/schema'
import { deviceExists } from '../devices'
import { ConflictError, NotFoundError, ValidationError } from '../errors'
import { groupIdsOfDevice, pinsInGroups } from './audience'
import { lockMembership, type ProvisionContext, reconcileAccess } from './provisioning'
import type { Queryable } from './queue'

export interface GroupView {
  id: number
  name: string
  deviceCount: number
  personCount: number
  createdAt: string
}

async function counts(db: Queryable, table: typeof deviceGroups | typeof personGroups) {
  const rows = await db
    .select({ groupId: table.groupId, n: count() })
    .from(table)
    .groupBy(table.groupId)
  return new Map(rows.map((r) => [r.groupId, r.n]))
}

/** Every group with how many devices and people it has. */
export async function listGroups(db: Queryable): Promise<GroupView[]> {
  const rows = await db.select().from(groups).orderBy(asc(groups.id))
  const deviceCounts = await counts(db, deviceGroups)
  const personCounts = await counts(db, personGroups)
  return rows.map((g) => ({
    id: g.id,
    name: g.name,
    deviceCount: deviceCounts.get(g.id) ?? 0,
    personCount: personCounts.get(g.id) ?? 0,
    createdAt: g.createdAt.toISOString(),
  }))
}

/** One group, or NotFoundError. */
export async function getGroup(db: Queryable, id: number): Promise<GroupView> {
  const found = (await listGroups(db)).find((g) => g.id === id)
  if (!found) throw new NotFoundError(`group ${id}`)
  return found
}

async function assertNameFree(db: Queryable, name: string, except?: number): Promise<void> {
  const [other] = await db.select({ id: groups.id }).from(groups).where(eq(groups.name, name))
  if (other && other.id !== except)
    throw new ConflictError(`a group named "${name}" already exists`)
}

export async function createGroup(db: Db, name: string): Promise<GroupView> {
  await assertNameFree(db, name)
  const [row] = await db.insert(groups).values({ name }).onConflictDoNothing().returning()
  if (!row) throw new ConflictError(`a group named "${name}" already exists`)
  return getGroup(db, row.id)
}

export async function renameGroup(db: Db, id: number, name: string): Promise<GroupView> {
  await assertNameFree(db, name, id)
  const [row] = await db.update(groups).set({ name }).where(eq(groups.id, id)).returning()
  if (!row) throw new NotFoundError(`group ${id}`)
  return getGroup(db, id)
}

/** Serials of the devices of a group named by id (digits) or name, or a 400 for an unknown group. */
export async function devicesOfGroup(db: Queryable, group: string): Promise<string[]> {
  const [row] = await db
    .select({ id: groups.id })
    .from(groups)
    .where(/^\d+$/.test(group) ? eq(groups.id, Number(group)) : eq(groups.name, group))
  if (!row) throw new ValidationError(`unknown group ${group}`)
  const rows = await db
    .select({ sn: deviceGroups.sn })
    .from(deviceGroups)
    .where(eq(deviceGroups.groupId, row.id))
  return rows.map((r) => r.sn)
}

/** Deletes a group; members who no longer share a group with a device are deleted from it. */
export async function deleteGroup(db: Db, ctx: ProvisionContext, id: number): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(groups).where(eq(groups.id, id)).for('update')
    if (!row) throw new NotFoundError(`group ${id}`)
    const pins = await pinsInGroups(tx, [id])
    return reconcileAccess(tx, ctx, pins, async () => {
      await tx.delete(groups).where(eq(groups.id, id))
    })
  })
}

/**
 * Sets a device's groups. People of groups it joins are installed on it (user + usable templates); people it
 * no longer shares any group with are deleted from it. Returns the number of commands queued.
 */
export async function setDeviceGroups(
  db: Db,
  ctx: ProvisionContext,
  sn: string,
  groupIds: readonly number[],
): Promise<number> {
  const wanted = [...new Set(groupIds)].sort((a, b) => a - b)
  return db.transaction(async (tx) => {
    // Before the reads below: the people to reconcile must be those of the groups as they are under the lock.
    await lockMembership(tx)
    if (!(await deviceExists(tx, sn))) throw new NotFoundError(`device ${sn}`)
    if (wanted.length > 0) {
      const found = await tx
        .select({ id: groups.id })
        .from(groups)
        .where(inArray(groups.id, wanted))
      const known = new Set(found.map((g) => g.id))
      const missing = wanted.filter((g) => !known.has(g))
      if (missing.length > 0)
        throw new ValidationError(`unknown group id(s): ${missing.join(', ')}`)
    }
    const current = await groupIdsOfDevice(tx, sn)
    const pins = await pinsInGroups(tx, [...new Set([...current, ...wanted])])
    return reconcileAccess(
      tx,
      ctx,
      pins,
      async () => {
        await tx.delete(deviceGroups).where(eq(deviceGroups.sn, sn))
        if (wanted.length > 0) {
          await tx.insert(deviceGroups).values(wanted.map((groupId) => ({ sn, groupId })))
        }
      },
      { onlySn: sn },
    )
  })
}
