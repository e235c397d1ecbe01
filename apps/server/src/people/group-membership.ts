import { asc, eq, inArray } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { people, personGroups } from '../db/schema'

/** The group ids (as text) each of `pins` belongs to; a person in no group is absent. */
export async function groupsOfPeople(
  db: Db | Tx,
  pins: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  if (pins.length === 0) return out
  const rows = await db
    .select({ pin: personGroups.pin, groupId: personGroups.groupId })
    .from(personGroups)
    .where(inArray(personGroups.pin, [...pins]))
  for (const r of rows) {
    const list = out.get(r.pin) ?? []
    list.push(String(r.groupId))
    out.set(r.pin, list)
  }
  return out
}

/** The PINs of a group's members, in order. */
export async function membersOfGroup(db: Db | Tx, groupId: number): Promise<string[]> {
  const rows = await db
    .select({ pin: personGroups.pin })
    .from(personGroups)
    .where(eq(personGroups.groupId, groupId))
    .orderBy(asc(personGroups.pin))
  return rows.map((r) => r.pin)
}

/** Every person's PIN (a schedule for everyone applies to them all). */
export async function allPins(db: Db | Tx): Promise<string[]> {
  const rows = await db.select({ pin: people.pin }).from(people).orderBy(asc(people.pin))
  return rows.map((r) => r.pin)
}
