import {
  type Command,
  capDelivery,
  formatCommand,
  isRebootCommand,
  isSuccessReturn,
  orderForDelivery,
  originalTerminalForm,
  parseCommand,
  RETURN_PENDING_SUBCONTROLLER,
  returnCodeMeaning,
} from '@webroster/protocol'
import {
  and,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm'
import { type Actor, actorName } from '../audit/actor'
import { recordAudit } from '../audit/audit-log'
import type { ClockCorrectionThrottle } from '../clock'
import { decodeCursor, encodeCursor } from '../cursor'
import type { Database, Db, Tx } from '../db'
import { type CommandKind, type CommandStatus, commands } from '../db/schema'
import { statementChunks } from '../db/statement-chunks'
import { ConflictError, NotFoundError, ValidationError } from '../errors'
import { commandIdOf } from './command-id'
import type { PendingCache } from './pending-cache'

export type CommandRow = typeof commands.$inferSelect

/** NOTIFY channel: payload is the serial of a device whose command queue grew. */
export const COMMANDS_CHANNEL = 'webroster_commands'

/** Per-poll caps (ZKTeco's own server: 200 commands or ~40 KB). */
const MAX_COMMANDS_PER_POLL = 200
const MAX_BYTES_PER_POLL = 40 * 1024
/**
 * Multi-record commands are queued only for Attendance PUSH 2.x firmware, whose document (V5.8) allows up to
 * 900 KB a delivery: a poll that carries them may hold this much, so 5,000 people fit in a few polls.
 */
const MAX_BYTES_PER_MULTI_RECORD_POLL = 256 * 1024

export interface EnqueueInput {
  sn: string
  /** `set-time` is unique per device while pending */
  type: CommandKind
  command: Command
  createdBy?: string
  expiresAt?: Date
}

/** One parsed devicecmd result line. */
export interface CommandResultInput {
  /** The `ID=` as the device sent it; one that is not one of our numeric ids matches nothing */
  id: string
  returnCode: number
  /** The `CMD=` echo */
  cmd?: string
  /** Every other field of the result (INFO keys, VERIFY SUM counts, sub-controller SN, …) */
  fields?: Record<string, string>
}

export interface CommandPage {
  items: CommandRow[]
  /** Pass back as `cursor` for the next (older) page; absent on the last page */
  nextCursor?: string
}

export interface CommandQueueDeps {
  database: Database
  pending: PendingCache
  now: () => Date
  redeliverySeconds: number
  /** Deliveries without a result before a command fails with reason `no-result` */
  maxDeliveries: number
  maxAgeHours: number
  /** Told of every completed set-time, so automatic corrections hold off after one */
  clockCorrections: Pick<ClockCorrectionThrottle, 'noteCompleted'>
}

export interface DeliveryOptions {
  /**
   * false for a terminal that never reports results: its commands go out once, in the form it obeys, and
   * end `delivered`
   */
  acknowledges?: boolean
}

/** A queued command as `enqueue` hands it back. */
export interface QueuedCommand {
  id: number
  status: CommandStatus
}

/** A command as its audit rows show it: where it goes, what it says, where it is in its life. */
function auditedCommand(row: CommandRow) {
  return {
    sn: row.sn,
    type: row.type,
    text: row.text,
    status: row.status,
    reason: row.reason,
    createdBy: row.createdBy,
  }
}

const PENDING: CommandStatus[] = ['queued', 'sent']

function commandCursor(row: CommandRow): string {
  return encodeCursor([row.createdAt.toISOString(), row.id])
}

function readCommandCursor(cursor: string): { createdAt: Date; id: number } {
  const [at, key] = decodeCursor(cursor, 2)
  const createdAt = new Date(at ?? '')
  const id = commandIdOf(key ?? '')
  if (id === undefined || Number.isNaN(createdAt.getTime()))
    throw new ValidationError('"cursor" is not one this API returned')
  return { createdAt, id }
}

/** Ids of the commands matching `where` that restart the device (the protocol says which texts do). */
async function restartsAmong(db: Db | Tx, where: SQL | undefined): Promise<number[]> {
  const rows = await db.select({ id: commands.id, text: commands.text }).from(commands).where(where)
  return rows.filter((r) => isRebootCommand(parseCommand(r.text))).map((r) => r.id)
}

/** The command queue: enqueue, claim for delivery, record results, re-deliver and expire. */
export class CommandQueue {
  private readonly db: Db

  constructor(private readonly deps: CommandQueueDeps) {
    this.db = deps.database.db
  }

  /** Queues one command; a second pending `set-time` for a device returns the existing one. */
  async enqueue(input: EnqueueInput, tx?: Tx): Promise<QueuedCommand> {
    const [out] = await this.enqueueMany([input], tx)
    return out as QueuedCommand
  }

  /**
   * Queues several commands in as few statements as bind parameters allow, all or none: in `tx` when given (so
   * they commit with the caller's rows), else in a transaction of their own.
   */
  async enqueueMany(inputs: readonly EnqueueInput[], tx?: Tx): Promise<QueuedCommand[]> {
    if (inputs.length === 0) return []
    if (tx) return (await this.insertMany(inputs, tx)).map(({ id, status }) => ({ id, status }))
    const queued = await this.db.transaction((own) => this.enqueueMany(inputs, own))
    // A poll between the invalidation inside and the commit may have cached "nothing due" again.
    for (const sn of new Set(inputs.map((i) => i.sn))) this.deps.pending.invalidate(sn)
    return queued
  }

  /**
   * Commands an operator asked for (`createdBy` is theirs): queued as `enqueueMany` queues them, each new one
   * recorded in the audit log in the same transaction (a repeat set-time that returned the pending one is not
   * new). Provisioning's own fan-out goes through `enqueueMany`: its commands follow from a recorded change.
   */
  async enqueueFor(actor: Actor, inputs: readonly EnqueueInput[]): Promise<QueuedCommand[]> {
    if (inputs.length === 0) return []
    const createdBy = actorName(actor)
    const queued = await this.db.transaction(async (tx) => {
      const out = await this.insertMany(
        inputs.map((i) => ({ ...i, createdBy })),
        tx,
      )
      const created = out.filter((q) => q.created).map((q) => q.id)
      if (created.length > 0) {
        const rows = await tx.select().from(commands).where(inArray(commands.id, created))
        for (const row of rows.sort((a, b) => a.id - b.id)) {
          await recordAudit(tx, {
            actor,
            action: 'command.create',
            entity: 'command',
            entityId: row.id,
            before: null,
            after: auditedCommand(row),
          })
        }
      }
      return out.map(({ id, status }) => ({ id, status }))
    })
    for (const sn of new Set(inputs.map((i) => i.sn))) this.deps.pending.invalidate(sn)
    return queued
  }

  /** The rows of `inputs` in `tx`, each marked whether it is new or the pending one a repeat returned. */
  private async insertMany(
    inputs: readonly EnqueueInput[],
    tx: Tx,
  ): Promise<Array<QueuedCommand & { created: boolean }>> {
    const now = this.deps.now()
    // Delivery follows (created_at, id): one millisecond apart keeps a batch in the order it was queued,
    // so a USERINFO always reaches a terminal before the templates queued after it.
    const values = inputs.map((input, i) => {
      let text: string
      try {
        text = formatCommand(input.command)
      } catch (e) {
        throw new ValidationError(`command cannot be sent: ${(e as Error).message}`)
      }
      return {
        sn: input.sn,
        type: input.type,
        text,
        createdBy: input.createdBy ?? null,
        createdAt: new Date(now.getTime() + i),
        expiresAt: input.expiresAt ?? new Date(now.getTime() + this.deps.maxAgeHours * 3_600_000),
      }
    })
    const db = tx
    const rebooted = new Set(inputs.filter((i) => isRebootCommand(i.command)).map((i) => i.sn))
    for (const sn of rebooted) await this.supersedeRestarts(db, sn, now)
    // A fan-out of thousands of users to many terminals exceeds the bind parameters of one statement.
    const inserted: Array<{ id: number; createdAt: Date }> = []
    for (const chunk of statementChunks(commands, values)) {
      inserted.push(
        ...(await db
          .insert(commands)
          .values(chunk)
          .onConflictDoNothing()
          .returning({ id: commands.id, createdAt: commands.createdAt })),
      )
    }
    // Ids come from the sequence; each row of the batch has its own created_at, which pairs them up.
    const idByCreatedAt = new Map(inserted.map((r) => [r.createdAt.getTime(), r.id]))
    const result: Array<QueuedCommand & { created: boolean }> = []
    for (const v of values) {
      const id = idByCreatedAt.get(v.createdAt.getTime())
      if (id !== undefined) {
        result.push({ id, status: 'queued', created: true })
        continue
      }
      // Only the pending set-time index can reject a row: hand back the pending one.
      const [existing] = await db
        .select({ id: commands.id, status: commands.status })
        .from(commands)
        .where(
          and(eq(commands.sn, v.sn), eq(commands.type, v.type), inArray(commands.status, PENDING)),
        )
        .limit(1)
      if (!existing) throw new Error(`command for ${v.sn} was not queued`)
      result.push({ ...existing, created: false })
    }
    const sns = [...new Set(values.map((v) => v.sn))]
    for (const sn of sns) {
      this.deps.pending.invalidate(sn)
      // Inside the caller's transaction NOTIFY is delivered on commit, so other processes never look too early.
      await db.execute(sql`select pg_notify(${COMMANDS_CHANNEL}, ${sn})`)
    }
    return result
  }

  /**
   * A newer restart supersedes the device's older pending ones: they end `failed` (`superseded`), so an
   * unanswered `REBOOT` neither holds back nor follows the restart queued after it.
   */
  private async supersedeRestarts(db: Db | Tx, sn: string, now: Date): Promise<void> {
    const older = await restartsAmong(
      db,
      and(eq(commands.sn, sn), inArray(commands.status, PENDING), isNull(commands.returnCode)),
    )
    if (older.length === 0) return
    await db
      .update(commands)
      .set({ status: 'failed', reason: 'superseded', completedAt: now })
      .where(inArray(commands.id, older))
  }

  /**
   * The device handshook again: a restart delivered to it and not answered has happened, so it succeeded
   * (`restarted`). Returns how many commands that completed.
   */
  async noteRestart(sn: string): Promise<number> {
    const now = this.deps.now()
    const restarts = await restartsAmong(
      this.db,
      and(
        eq(commands.sn, sn),
        eq(commands.status, 'sent'),
        isNull(commands.returnCode),
        lt(commands.sentAt, now),
      ),
    )
    if (restarts.length === 0) return 0
    const done = await this.db
      .update(commands)
      .set({ status: 'succeeded', reason: 'restarted', completedAt: now })
      .where(
        and(
          inArray(commands.id, restarts),
          eq(commands.status, 'sent'),
          isNull(commands.returnCode),
        ),
      )
      .returning({ id: commands.id })
    this.deps.pending.invalidate(sn)
    return done.length
  }

  /**
   * Cancels a command not yet sent: it ends `failed` with reason `cancelled`. One already sent may be running on
   * the device, so it is left to finish (409); the status check in the update makes a racing delivery win.
   */
  async cancel(id: number, actor?: Actor): Promise<CommandRow> {
    const done = await this.db.transaction(async (tx) => {
      // Locked, so a poll claiming it meanwhile (which skips locked rows) cannot send what is being cancelled.
      const [row] = await tx.select().from(commands).where(eq(commands.id, id)).for('update')
      if (!row) throw new NotFoundError(`command ${id}`)
      if (row.status !== 'queued') {
        throw new ConflictError(
          row.status === 'sent'
            ? `command ${id} was already sent to the device and may be running; it cannot be cancelled`
            : `command ${id} has ended (${row.status}); only a queued command can be cancelled`,
        )
      }
      const [after] = await tx
        .update(commands)
        .set({ status: 'failed', reason: 'cancelled', completedAt: this.deps.now() })
        .where(eq(commands.id, id))
        .returning()
      if (!after) throw new NotFoundError(`command ${id}`)
      if (actor) {
        await recordAudit(tx, {
          actor,
          action: 'command.cancel',
          entity: 'command',
          entityId: id,
          before: auditedCommand(row),
          after: auditedCommand(after),
        })
      }
      return after
    })
    this.deps.pending.invalidate(done.sn)
    return done
  }

  /** Drops every command of a forgotten device, in the caller's transaction: were the serial to come back, it must not get stale ones. */
  async forgetDevice(sn: string, tx: Tx): Promise<void> {
    await tx.delete(commands).where(eq(commands.sn, sn))
    this.deps.pending.invalidate(sn)
  }

  /** How many commands each device in `sns` has pending (queued or sent); devices with none are absent. */
  async pendingCounts(sns: readonly string[]): Promise<Map<string, number>> {
    if (sns.length === 0) return new Map()
    const rows = await this.db
      .select({ sn: commands.sn, n: count() })
      .from(commands)
      .where(and(inArray(commands.sn, [...sns]), inArray(commands.status, PENDING)))
      .groupBy(commands.sn)
    return new Map(rows.map((r) => [r.sn, r.n]))
  }

  async get(id: number): Promise<CommandRow | undefined> {
    const [row] = await this.db.select().from(commands).where(eq(commands.id, id)).limit(1)
    return row
  }

  /** Newest first, keyset-paginated. */
  async listForDevice(
    sn: string,
    opts: { limit?: number; cursor?: string; status?: CommandStatus } = {},
  ): Promise<CommandPage> {
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500)
    const conds = [eq(commands.sn, sn)]
    if (opts.status) conds.push(eq(commands.status, opts.status))
    if (opts.cursor) {
      const c = readCommandCursor(opts.cursor)
      const older = or(
        lt(commands.createdAt, c.createdAt),
        and(eq(commands.createdAt, c.createdAt), lt(commands.id, c.id)),
      )
      if (older) conds.push(older)
    }
    const rows = await this.db
      .select()
      .from(commands)
      .where(and(...conds))
      .orderBy(desc(commands.createdAt), desc(commands.id))
      .limit(limit + 1)
    const items = rows.slice(0, limit)
    const last = items[items.length - 1]
    return rows.length > limit && last ? { items, nextCursor: commandCursor(last) } : { items }
  }

  /** Whether a poll from `sn` can be answered `OK` without asking the database. */
  nothingDue(sn: string): boolean {
    return this.deps.pending.nothingDue(sn, this.deps.now().getTime())
  }

  /**
   * Claims the device's due commands (queued, or sent without a result for the redelivery period) and marks
   * them sent. `FOR UPDATE SKIP LOCKED`: concurrent processes never hand out the same command in one round.
   * A command already delivered `maxDeliveries` times without a result fails (`no-result`) instead.
   */
  async claimForDelivery(sn: string, options: DeliveryOptions = {}): Promise<CommandRow[]> {
    const acknowledges = options.acknowledges ?? true
    const now = this.deps.now()
    const redeliverBefore = new Date(now.getTime() - this.deps.redeliverySeconds * 1000)
    const { claimed, dueAt } = await this.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(commands)
        .where(
          and(
            eq(commands.sn, sn),
            gt(commands.expiresAt, now),
            or(
              eq(commands.status, 'queued'),
              and(
                eq(commands.status, 'sent'),
                lte(commands.sentAt, redeliverBefore),
                // A result code on a sent row is a sub-controller's -5000: accepted, not to be re-sent.
                isNull(commands.returnCode),
              ),
            ),
          ),
        )
        .orderBy(commands.createdAt, commands.id)
        .limit(500)
        .for('update', { skipLocked: true })
      const exhausted = due.filter(
        (r) => r.status === 'sent' && r.attempts >= this.deps.maxDeliveries,
      )
      if (exhausted.length > 0) {
        await tx
          .update(commands)
          .set({ status: 'failed', reason: 'no-result', completedAt: now })
          .where(
            inArray(
              commands.id,
              exhausted.map((r) => r.id),
            ),
          )
      }
      const lines = []
      const unsupported: number[] = []
      for (const row of due) {
        if (exhausted.includes(row)) continue
        const parsed = parseCommand(row.text)
        const command = acknowledges ? parsed : originalTerminalForm(parsed)
        if (command) lines.push({ id: String(row.id), command, row })
        else unsupported.push(row.id)
      }
      if (unsupported.length > 0) {
        // Sent to a terminal that would ignore or misread it, it would only look delivered.
        await tx
          .update(commands)
          .set({ status: 'failed', reason: 'unsupported', completedAt: now })
          .where(inArray(commands.id, unsupported))
      }
      const multiRecord = lines.some((l) => l.command.type === 'DATA BATCH')
      const chosen = capDelivery(
        orderForDelivery(lines),
        multiRecord ? MAX_BYTES_PER_MULTI_RECORD_POLL : MAX_BYTES_PER_POLL,
        MAX_COMMANDS_PER_POLL,
      )
      // Nothing is done on delivery alone: a terminal that never answers gets `delivered`, never `succeeded`.
      const change = acknowledges
        ? { status: 'sent' as const, sentAt: now }
        : {
            status: 'delivered' as const,
            reason: 'no-acknowledgement' as const,
            sentAt: now,
            completedAt: now,
          }
      if (chosen.length > 0) {
        await tx
          .update(commands)
          .set({ ...change, attempts: sql`${commands.attempts} + 1` })
          .where(
            inArray(
              commands.id,
              chosen.map((l) => l.row.id),
            ),
          )
      }
      const delivered = []
      for (const { command, row } of chosen) {
        const text = acknowledges ? row.text : formatCommand(command)
        // The row keeps the text that went out, when the terminal was sent the form it obeys.
        if (text !== row.text)
          await tx.update(commands).set({ text }).where(eq(commands.id, row.id))
        delivered.push({ ...row, ...change, text, attempts: row.attempts + 1 })
      }
      let next: number | null
      if (chosen.length < lines.length) next = now.getTime()
      else next = await this.nextDue(tx, sn, now)
      return { claimed: delivered, dueAt: next }
    })
    this.deps.pending.set(sn, dueAt, now.getTime())
    return claimed
  }

  /** When the next pending command of `sn` becomes deliverable (null: none pending). */
  private async nextDue(tx: Tx, sn: string, now: Date): Promise<number | null> {
    const [agg] = await tx
      .select({
        queued: sql<number>`count(*) filter (where ${commands.status} = 'queued')`.mapWith(Number),
        oldestSent: sql<
          number | null
        >`extract(epoch from min(${commands.sentAt}) filter (where ${commands.returnCode} is null)) * 1000`.mapWith(
          Number,
        ),
      })
      .from(commands)
      .where(
        and(eq(commands.sn, sn), inArray(commands.status, PENDING), gt(commands.expiresAt, now)),
      )
    if (!agg) return null
    // A queued row here is locked by another process right now: look again on the next poll.
    if (agg.queued > 0) return now.getTime()
    if (agg.oldestSent === null || Number.isNaN(agg.oldestSent)) return null
    return agg.oldestSent + this.deps.redeliverySeconds * 1000
  }

  /**
   * Records devicecmd results of `sn`; unknown ids are ignored. Returns the rows that were updated. A Security
   * PUSH `-5000` (accepted by the master, pending on a sub-controller) keeps the row `sent` with the code
   * recorded: the final result comes later under the same id.
   */
  async recordResults(
    sn: string,
    results: readonly CommandResultInput[],
    family: 'att' | 'acc' = 'att',
  ): Promise<CommandRow[]> {
    const now = this.deps.now()
    const updated: CommandRow[] = []
    for (const r of results) {
      const id = commandIdOf(r.id)
      if (id === undefined) continue
      const pending = family === 'acc' && r.returnCode === RETURN_PENDING_SUBCONTROLLER
      const ok = isSuccessReturn(r.returnCode, family, r.cmd)
      const rows = await this.db
        .update(commands)
        .set({
          status: pending ? 'sent' : ok ? 'succeeded' : 'failed',
          reason: null,
          returnCode: r.returnCode,
          resultMeaning: returnCodeMeaning(r.returnCode, r.cmd),
          result: { ...(r.cmd !== undefined ? { cmd: r.cmd } : {}), ...(r.fields ?? {}) },
          completedAt: pending ? null : now,
        })
        .where(
          and(
            eq(commands.id, id),
            eq(commands.sn, sn),
            // The device's own word is kept whenever it comes, unless a final result is already recorded
            // (a sent row with a code is a sub-controller's -5000, still waiting for its final one).
            or(isNull(commands.returnCode), eq(commands.status, 'sent')),
          ),
        )
        .returning()
      updated.push(...rows)
      for (const row of rows) {
        if (row.type === 'set-time' && !pending) {
          this.deps.clockCorrections.noteCompleted(sn, now.getTime())
        }
      }
    }
    return updated
  }

  /**
   * Fails commands delivered `maxDeliveries` times whose last delivery went unanswered for the redelivery
   * period (`no-result`), even if the device stopped polling, then marks pending commands past their expiry
   * as `expired`; returns how many commands ended.
   */
  async expire(): Promise<number> {
    const now = this.deps.now()
    const redeliverBefore = new Date(now.getTime() - this.deps.redeliverySeconds * 1000)
    const unanswered = await this.db
      .update(commands)
      .set({ status: 'failed', reason: 'no-result', completedAt: now })
      .where(
        and(
          eq(commands.status, 'sent'),
          isNull(commands.returnCode),
          gte(commands.attempts, this.deps.maxDeliveries),
          lte(commands.sentAt, redeliverBefore),
        ),
      )
      .returning({ sn: commands.sn })
    const rows = await this.db
      .update(commands)
      .set({ status: 'expired', completedAt: now })
      .where(and(inArray(commands.status, PENDING), lte(commands.expiresAt, now)))
      .returning({ sn: commands.sn })
    const ended = [...unanswered, ...rows]
    for (const sn of new Set(ended.map((r) => r.sn))) this.deps.pending.invalidate(sn)
    return ended.length
  }
}
