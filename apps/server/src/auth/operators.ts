import { and, count, desc, eq, isNull, ne } from 'drizzle-orm'
import { recordAudit } from '../audit/audit-log'
import type { Db, Tx } from '../db'
import { type OperatorRole, operatorSessions, operators } from '../db/schema'
import { ConflictError, NotFoundError } from '../errors'
import type { Principal } from './principal'

export type OperatorRow = typeof operators.$inferSelect
type Actor = Pick<Principal, 'kind' | 'name'>

/** Shortest password accepted: long enough that a locked-out guesser gets nowhere, short enough to type. */
export const PASSWORD_MIN_LENGTH = 10
/** Longest password accepted, so hashing stays bounded. */
export const PASSWORD_MAX_LENGTH = 256

/** One account whatever the case or spaces it is typed with. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase()
}

/** An operator as the API shows them: never the password hash. */
export function publicOperator(row: OperatorRow) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function hashPassword(password: string): Promise<string> {
  // Memory-hard, so a stolen table costs an attacker memory per guess, not just time.
  return Bun.password.hash(password, { algorithm: 'argon2id' })
}

/** Verified against when the account does not exist, so a wrong name takes as long as a wrong password. */
let dummyHash: Promise<string> | undefined

async function load(db: Db | Tx, id: number): Promise<OperatorRow> {
  const [row] = await db.select().from(operators).where(eq(operators.id, id))
  if (!row) throw new NotFoundError(`operator ${id}`)
  return row
}

async function activeAdmins(db: Db | Tx, except?: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(operators)
    .where(
      and(
        eq(operators.role, 'admin'),
        isNull(operators.disabledAt),
        ...(except === undefined ? [] : [ne(operators.id, except)]),
      ),
    )
  return row?.n ?? 0
}

/** Ends every session of an operator, but `keep` (the one changing its own password stays signed in). */
export async function endOperatorSessions(db: Db | Tx, operatorId: number, keep?: number) {
  await db
    .delete(operatorSessions)
    .where(
      and(
        eq(operatorSessions.operatorId, operatorId),
        ...(keep === undefined ? [] : [ne(operatorSessions.id, keep)]),
      ),
    )
}

export interface NewOperator {
  username: string
  displayName?: string
  role: OperatorRole
  password: string
}

/** Creates an operator; 409 when the name is taken (in any case). */
export async function createOperator(db: Db, actor: Actor, input: NewOperator) {
  const username = normalizeUsername(input.username)
  const passwordHash = await hashPassword(input.password)
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(operators)
      .values({ username, displayName: input.displayName ?? '', role: input.role, passwordHash })
      .onConflictDoNothing()
      .returning()
    if (!row) throw new ConflictError(`an operator named "${username}" exists`)
    const after = publicOperator(row)
    await recordAudit(tx, {
      actor,
      action: 'operator.create',
      entity: 'operator',
      entityId: row.id,
      after,
    })
    return after
  })
}

/** The first admin operator, made with the admin token; 409 once an active admin operator exists. */
export async function createFirstAdmin(db: Db, actor: Actor, input: Omit<NewOperator, 'role'>) {
  if ((await activeAdmins(db)) > 0) {
    throw new ConflictError('an admin operator exists already: sign in, or use POST /api/operators')
  }
  return createOperator(db, actor, { ...input, role: 'admin' })
}

export async function listOperators(db: Db) {
  return (await db.select().from(operators).orderBy(desc(operators.id))).map(publicOperator)
}

export async function getOperator(db: Db, id: number) {
  return publicOperator(await load(db, id))
}

/**
 * Changes role, display name or disabled state. The last active admin can be neither demoted nor disabled
 * (409), so the console always has someone who can manage it; disabling ends the operator's sessions.
 */
export async function updateOperator(
  db: Db,
  actor: Actor,
  id: number,
  patch: { role?: OperatorRole; displayName?: string; disabled?: boolean },
) {
  return db.transaction(async (tx) => {
    const row = await load(tx, id)
    const losesAdmin =
      row.role === 'admin' &&
      row.disabledAt === null &&
      ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true)
    if (losesAdmin && (await activeAdmins(tx, id)) === 0) {
      throw new ConflictError('this is the last active admin operator')
    }
    const disabledAt =
      patch.disabled === undefined
        ? row.disabledAt
        : patch.disabled
          ? (row.disabledAt ?? new Date())
          : null
    const [updated] = await tx
      .update(operators)
      .set({
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
        disabledAt,
        updatedAt: new Date(),
      })
      .where(eq(operators.id, id))
      .returning()
    if (!updated) throw new NotFoundError(`operator ${id}`)
    if (patch.disabled === true) await endOperatorSessions(tx, id)
    const before = publicOperator(row)
    const after = publicOperator(updated)
    await recordAudit(tx, {
      actor,
      action: 'operator.update',
      entity: 'operator',
      entityId: id,
      before,
      after,
    })
    return after
  })
}

/**
 * Sets a new password and ends the operator's other sessions (a reset locks out whoever knew the old one);
 * `keepSession` is the caller's own session when operators change their own password.
 */
export async function setPassword(
  db: Db,
  actor: Actor,
  id: number,
  password: string,
  keepSession?: number,
): Promise<void> {
  const passwordHash = await hashPassword(password)
  await db.transaction(async (tx) => {
    await load(tx, id)
    await tx
      .update(operators)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(operators.id, id))
    await endOperatorSessions(tx, id, keepSession)
    await recordAudit(tx, {
      actor,
      action: 'operator.password',
      entity: 'operator',
      entityId: id,
      // Says that the password changed, never what it is.
      after: { passwordChanged: true },
    })
  })
}

/** The active operator with this name and password, or undefined; as slow for an unknown name as a known one. */
export async function verifyCredentials(
  db: Db,
  username: string,
  password: string,
): Promise<OperatorRow | undefined> {
  const [row] = await db
    .select()
    .from(operators)
    .where(eq(operators.username, normalizeUsername(username)))
  dummyHash ??= hashPassword('not a password of anyone')
  const ok = await Bun.password.verify(password, row?.passwordHash ?? (await dummyHash))
  return ok && row && row.disabledAt === null ? row : undefined
}

/** Whether the password is this operator's current one (to change one's own). */
export async function passwordMatches(db: Db, id: number, password: string): Promise<boolean> {
  return Bun.password.verify(password, (await load(db, id)).passwordHash)
}
