import { eq } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { deviceGroups, groups } from '../db/schema'
import { NotFoundError } from '../errors'
import { initSetting, readSetting, writeSetting } from '../settings'
import { pinsInGroups } from './audience'
import { lockMembership, type ProvisionContext, reconcileAccess } from './provisioning'
import type { Queryable } from './queue'

/** The stored value of a site without a default group (switched off). */
const OFF = 'off'

/** The site's default group: the one new devices join when admitted and new people join when created without groups. */
export interface DefaultGroupView {
  /** `null`: switched off, new devices and people join no group */
  defaultGroupId: number | null
  defaultGroupName: string | null
}

/**
 * The default group's id, or null when switched off. A group deleted since it was chosen reads as off, so a
 * stale id never makes anyone join nothing silently.
 */
export async function defaultGroupId(db: Queryable): Promise<number | null> {
  const value = await readSetting(db, 'default_group')
  if (value === undefined || value === OFF) return null
  const id = Number(value)
  if (!Number.isSafeInteger(id)) return null
  const [row] = await db.select({ id: groups.id }).from(groups).where(eq(groups.id, id))
  return row ? row.id : null
}

/** The default group as the API shows it. */
export async function readDefaultGroup(db: Queryable): Promise<DefaultGroupView> {
  const id = await defaultGroupId(db)
  if (id === null) return { defaultGroupId: null, defaultGroupName: null }
  const [row] = await db.select({ name: groups.name }).from(groups).where(eq(groups.id, id))
  return { defaultGroupId: id, defaultGroupName: row?.name ?? null }
}

/** Chooses the default group (an existing group's id) or switches the rule off (`null`). */
export async function setDefaultGroup(db: Db, id: number | null): Promise<DefaultGroupView> {
  if (id !== null) {
    const [row] = await db.select({ id: groups.id }).from(groups).where(eq(groups.id, id))
    if (!row) throw new NotFoundError(`group ${id}`)
  }
  await writeSetting(db, 'default_group', id === null ? OFF : String(id))
  return readDefaultGroup(db)
}

/**
 * First start: a site that never had the setting gets the group `name` (created if missing) as its default, or the
 * rule switched off when `name` is empty. Later starts leave the stored choice alone, whatever the configuration.
 */
export async function initDefaultGroup(db: Db, name: string): Promise<void> {
  if ((await readSetting(db, 'default_group')) !== undefined) return
  if (name === '') {
    await initSetting(db, 'default_group', OFF)
    return
  }
  await db.transaction(async (tx) => {
    await tx.insert(groups).values({ name }).onConflictDoNothing()
    const [row] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.name, name))
    if (row) await initSetting(tx, 'default_group', String(row.id))
  })
}

/**
 * A device just admitted joins the default group, in the caller's transaction, and everyone of that group is
 * queued to it. Returns the number of commands queued (0 when the rule is off).
 */
export async function joinDefaultGroup(tx: Tx, ctx: ProvisionContext, sn: string): Promise<number> {
  const id = await defaultGroupId(tx)
  if (id === null) return 0
  // Before reading the members: they must be the group's as it is under the lock.
  await lockMembership(tx)
  const pins = await pinsInGroups(tx, [id])
  return reconcileAccess(
    tx,
    ctx,
    pins,
    async () => {
      await tx.insert(deviceGroups).values({ sn, groupId: id }).onConflictDoNothing()
    },
    { onlySn: sn },
  )
}
