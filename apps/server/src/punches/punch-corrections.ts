import { eq, inArray, or } from 'drizzle-orm'
import { type Actor, actorName } from '../audit/actor'
import { recordAudit } from '../audit/audit-log'
import type { Db, Tx } from '../db'
import { punchCorrections, punches } from '../db/schema'
import { ConflictError, NotFoundError, ValidationError } from '../errors'
import type { PunchRow } from './punch-list'

export type PunchCorrectionRow = typeof punchCorrections.$inferSelect

/** An edit gives the punch a new time and/or state; a void takes it out of every list and timesheet. */
export type CorrectionInput =
  | {
      action: 'edit'
      localTime?: string
      punchedAt?: Date
      status?: number
      reason: string
      actor: Actor
    }
  | { action: 'void'; reason: string; actor: Actor }

/**
 * Corrects a punch, beside its record: an edit stores the new version as a punch of its own (source
 * `correction`) and both are linked by a correction row; a void stores only that row. In one transaction with its
 * audit row. Only the current version may be corrected, so a punch's history is one chain.
 */
export async function correctPunch(
  db: Db,
  id: number,
  input: CorrectionInput,
  guard: (dates: readonly string[], tx: Tx) => Promise<void>,
): Promise<{ correction: PunchCorrectionRow; punch: PunchRow | null; original: PunchRow }> {
  if (input.reason.trim() === '') throw new ValidationError('"reason" is required')
  return db.transaction(async (tx) => {
    const [original] = await tx.select().from(punches).where(eq(punches.id, id)).for('update')
    if (!original) throw new NotFoundError(`punch ${id}`)
    const [earlier] = await tx
      .select()
      .from(punchCorrections)
      .where(eq(punchCorrections.punchId, id))
    if (earlier) {
      throw new ConflictError(
        earlier.replacementId
          ? `punch ${id} was corrected already: correct its current version, punch ${earlier.replacementId}`
          : `punch ${id} was voided`,
      )
    }
    // A locked period's punches stay as they are: its timesheets were paid from them.
    const dates = [original.localTime.slice(0, 10)]
    if (input.action === 'edit' && input.localTime) dates.push(input.localTime.slice(0, 10))
    await guard(dates, tx)
    let replacement: PunchRow | null = null
    if (input.action === 'edit') {
      const localTime = input.localTime ?? original.localTime
      const status = input.status ?? original.status
      if (localTime === original.localTime && status === original.status) {
        throw new ValidationError('an edit must change the time or the state')
      }
      const [row] = await tx
        .insert(punches)
        .values({
          sn: original.sn,
          pin: original.pin,
          localTime,
          punchedAt: input.punchedAt ?? original.punchedAt,
          assumedZone: original.assumedZone,
          status,
          verify: original.verify,
          workCode: original.workCode,
          source: 'correction',
          createdBy: actorName(input.actor),
          note: input.reason,
        })
        .onConflictDoNothing()
        .returning()
      if (!row) {
        throw new ConflictError(
          `person ${original.pin} already has a punch at ${localTime} with state ${status} on ${original.sn}`,
        )
      }
      replacement = row
    }
    const [correction] = await tx
      .insert(punchCorrections)
      .values({
        punchId: id,
        action: input.action,
        replacementId: replacement?.id ?? null,
        reason: input.reason,
        createdBy: actorName(input.actor),
      })
      .returning()
    if (!correction) throw new Error('insert returned no row')
    await recordAudit(tx, {
      actor: input.actor,
      action: `punch.${input.action}`,
      entity: 'punch',
      entityId: id,
      before: original,
      after: replacement ?? { voided: true },
    })
    return { correction, punch: replacement, original }
  })
}

/** One punch by id, or undefined. */
export async function punchById(db: Db, id: number): Promise<PunchRow | undefined> {
  const [row] = await db.select().from(punches).where(eq(punches.id, id))
  return row
}

/** Every version of a punch, oldest first, with the correction that led from each to the next. */
export async function punchHistory(
  db: Db,
  id: number,
): Promise<Array<{ punch: PunchRow; correction: PunchCorrectionRow | null }>> {
  const ids = new Set<number>([id])
  const corrections = new Map<number, PunchCorrectionRow>()
  // A chain is a handful of versions: follow it both ways a link at a time.
  for (let frontier = [id]; frontier.length > 0; ) {
    const rows = await db
      .select()
      .from(punchCorrections)
      .where(
        or(
          inArray(punchCorrections.punchId, frontier),
          inArray(punchCorrections.replacementId, frontier),
        ),
      )
    frontier = []
    for (const c of rows) {
      corrections.set(c.punchId, c)
      for (const next of [c.punchId, c.replacementId]) {
        if (next !== null && !ids.has(next)) {
          ids.add(next)
          frontier.push(next)
        }
      }
    }
  }
  const versions = await db
    .select()
    .from(punches)
    .where(inArray(punches.id, [...ids]))
  if (!versions.some((p) => p.id === id)) throw new NotFoundError(`punch ${id}`)
  return versions
    .sort((a, b) => a.id - b.id)
    .map((punch) => ({ punch, correction: corrections.get(punch.id) ?? null }))
}
