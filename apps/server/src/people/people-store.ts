import { and, asc, eq, gt, ilike, inArray, ne, or, sql } from 'drizzle-orm'
import type { Actor } from '../audit/actor'
import { recordAudit } from '../audit/audit-log'
import { decodeCursor, encodeCursor } from '../cursor'
import type { Db, Tx } from '../db'
import { groups, people, personGroups, personPhotos, templates } from '../db/schema'
import { ConflictError, NotFoundError, ValidationError } from '../errors'
import { devicesByPerson } from './audience'
import { defaultGroupId } from './default-group'
import type { PersonRow } from './person-commands'
import { type ProvisionContext, reconcileAccess } from './provisioning'
import type { Queryable } from './queue'

/** A person as the API shows them: the device password is never echoed, only whether one is set. */
export interface PersonView {
  pin: string
  name: string
  privilege: number
  hasPassword: boolean
  card: string | null
  verify: number | null
  validFrom: string | null
  validTo: string | null
  source: string
  groupIds: number[]
  createdAt: string
  updatedAt: string
}

/** Fields a caller may set; `null` clears an optional field. */
export interface PersonFields {
  name?: string
  privilege?: number
  password?: string
  /** decimal card number */
  card?: string | null
  verify?: number | null
  validFrom?: Date | null
  validTo?: Date | null
  groupIds?: number[]
}

export function toView(p: PersonRow, groupIds: number[]): PersonView {
  return {
    pin: p.pin,
    name: p.name,
    privilege: p.privilege,
    hasPassword: p.password !== '',
    card: p.card,
    verify: p.verify,
    validFrom: p.validFrom?.toISOString() ?? null,
    validTo: p.validTo?.toISOString() ?? null,
    source: p.source,
    groupIds,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  }
}

export async function groupIdsByPin(db: Queryable, pins: string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(pins.map((p) => [p, []]))
  if (pins.length === 0) return out
  const rows = await db.select().from(personGroups).where(inArray(personGroups.pin, pins))
  for (const r of rows) out.get(r.pin)?.push(r.groupId)
  for (const list of out.values()) list.sort((a, b) => a - b)
  return out
}

async function assertGroupsExist(db: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return
  const found = await db
    .select({ id: groups.id })
    .from(groups)
    .where(inArray(groups.id, [...ids]))
  const known = new Set(found.map((g) => g.id))
  const missing = ids.filter((id) => !known.has(id))
  if (missing.length > 0) throw new ValidationError(`unknown group id(s): ${missing.join(', ')}`)
}

/**
 * Refuses a card another person holds: a terminal matches a swipe to the first user with that card, so a second
 * holder's swipes would be recorded for the first. The advisory lock makes two saves of one card take turns.
 */
async function assertCardFree(tx: Tx, pin: string, card: string | null | undefined): Promise<void> {
  if (card === null || card === undefined) return
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`card:${card}`}))`)
  const [holder] = await tx
    .select({ pin: people.pin, name: people.name })
    .from(people)
    .where(and(eq(people.card, card), ne(people.pin, pin)))
    .limit(1)
  if (holder) {
    const who = holder.name ? `${holder.pin} (${holder.name})` : holder.pin
    throw new ConflictError(`card ${card} is already held by person ${who}`, {
      holder: { pin: holder.pin, name: holder.name },
    })
  }
}

function assertWindow(from: Date | null | undefined, to: Date | null | undefined): void {
  if (from && to && from.getTime() > to.getTime()) {
    throw new ValidationError('validFrom must not be after validTo')
  }
}

/** One person with their groups, or undefined. */
export async function findPerson(db: Queryable, pin: string): Promise<PersonView | undefined> {
  const [row] = await db.select().from(people).where(eq(people.pin, pin))
  if (!row) return undefined
  return toView(row, (await groupIdsByPin(db, [pin])).get(pin) ?? [])
}

/** Whether a person with this PIN exists. */
export async function personExists(db: Queryable, pin: string): Promise<boolean> {
  const [row] = await db.select({ pin: people.pin }).from(people).where(eq(people.pin, pin))
  return row !== undefined
}

/** One person, or NotFoundError. */
export async function getPerson(db: Queryable, pin: string): Promise<PersonView> {
  const view = await findPerson(db, pin)
  if (!view) throw new NotFoundError(`person ${pin}`)
  return view
}

/** People ordered by PIN, after `cursor`, optionally in a group or matching a search. */
export async function listPeople(
  db: Queryable,
  q: { limit: number; cursor?: string; groupId?: number; search?: string },
): Promise<{ items: PersonView[]; nextCursor: string | null }> {
  const conditions = []
  if (q.cursor !== undefined) conditions.push(gt(people.pin, decodeCursor(q.cursor, 1)[0] ?? ''))
  if (q.search) {
    const like = `%${q.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`
    conditions.push(or(ilike(people.name, like), ilike(people.pin, like)))
  }
  if (q.groupId !== undefined) {
    const members = db
      .select({ pin: personGroups.pin })
      .from(personGroups)
      .where(eq(personGroups.groupId, q.groupId))
    conditions.push(inArray(people.pin, members))
  }
  const rows = await db
    .select()
    .from(people)
    .where(and(...conditions))
    .orderBy(asc(people.pin))
    .limit(q.limit + 1)
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  const ids = await groupIdsByPin(
    db,
    page.map((p) => p.pin),
  )
  return {
    items: page.map((p) => toView(p, ids.get(p.pin) ?? [])),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.pin]) : null,
  }
}

async function setGroups(tx: Tx, pin: string, groupIds: readonly number[]): Promise<void> {
  await tx.delete(personGroups).where(eq(personGroups.pin, pin))
  if (groupIds.length > 0) {
    await tx
      .insert(personGroups)
      .values([...new Set(groupIds)].map((groupId) => ({ pin, groupId })))
  }
}

export function columns(fields: PersonFields) {
  const { groupIds: _groups, ...rest } = fields
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined))
}

/** A saved person, what was queued for them, and how many terminals they reach (none: a warning says why). */
export interface SavedPerson {
  person: PersonView
  queued: number
  terminals: number
  warning?: string
}

/** Said when a saved person reaches no terminal, so the caller is not left to find out at the first swipe. */
export const NO_TERMINAL_WARNING =
  'this person reaches no terminal: terminals get the people of their groups, so give them a group a terminal belongs to'

/**
 * Creates or updates a person and, in the same transaction, queues `DATA UPDATE USERINFO` to every device of
 * their groups (plus their templates where they gain a device, and a delete where they lose one) and records the
 * change with before and after. A person created without `groupIds` joins the site's default group, if it has one.
 */
export async function savePerson(
  db: Db,
  ctx: ProvisionContext,
  actor: Actor,
  pin: string,
  given: PersonFields,
  mode: 'create' | 'update',
): Promise<SavedPerson> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(people).where(eq(people.pin, pin)).for('update')
    if (mode === 'create' && existing) throw new ConflictError(`person ${pin} already exists`)
    if (mode === 'update' && !existing) throw new NotFoundError(`person ${pin}`)
    const before = existing ? await findPerson(tx, pin) : undefined
    const fields = existing ? given : await withDefaultGroup(tx, given)
    assertWindow(
      fields.validFrom === undefined ? existing?.validFrom : fields.validFrom,
      fields.validTo === undefined ? existing?.validTo : fields.validTo,
    )
    if (fields.groupIds) await assertGroupsExist(tx, fields.groupIds)
    await assertCardFree(tx, pin, fields.card)
    const queued = await reconcileAccess(
      tx,
      ctx,
      [pin],
      async () => {
        if (existing) {
          await tx
            .update(people)
            .set({ ...columns(fields), updatedAt: new Date() })
            .where(eq(people.pin, pin))
        } else {
          await tx.insert(people).values({ pin, ...columns(fields), source: 'api' })
        }
        if (fields.groupIds) await setGroups(tx, pin, fields.groupIds)
      },
      { refresh: new Set([pin]) },
    )
    const terminals = (await devicesByPerson(tx, [pin])).get(pin)?.size ?? 0
    const person = await getPerson(tx, pin)
    await recordAudit(tx, {
      actor,
      action: existing ? 'person.update' : 'person.create',
      entity: 'person',
      entityId: pin,
      ...(before ? { before } : {}),
      after: person,
    })
    return {
      person,
      queued,
      terminals,
      ...(terminals === 0 ? { warning: NO_TERMINAL_WARNING } : {}),
    }
  })
}

/**
 * Deletes a person, their templates and photos, and queues `DATA DELETE USERINFO` to every device they were on,
 * in one transaction: once committed, no terminal keeps them and nothing can re-send them.
 */
export async function deletePerson(
  db: Db,
  ctx: ProvisionContext,
  actor: Actor,
  pin: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(people).where(eq(people.pin, pin)).for('update')
    if (!existing) throw new NotFoundError(`person ${pin}`)
    const before = await findPerson(tx, pin)
    const queued = await reconcileAccess(tx, ctx, [pin], async () => {
      await tx.delete(templates).where(eq(templates.pin, pin))
      await tx.delete(personPhotos).where(eq(personPhotos.pin, pin))
      await tx.delete(people).where(eq(people.pin, pin))
    })
    await recordAudit(tx, {
      actor,
      action: 'person.delete',
      entity: 'person',
      entityId: pin,
      before,
    })
    return queued
  })
}

/** A new person's fields with the site's default group when they name no group (and the rule is on). */
export async function withDefaultGroup(db: Queryable, fields: PersonFields): Promise<PersonFields> {
  if (fields.groupIds !== undefined) return fields
  const id = await defaultGroupId(db)
  return id === null ? fields : { ...fields, groupIds: [id] }
}
