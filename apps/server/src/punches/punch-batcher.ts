import { sql } from 'drizzle-orm'
import type { Database, Db } from '../db'
import { DatabaseTimeout } from '../db/deadline'
import { resultRows } from '../db/result-rows'
import type { punches } from '../db/schema'
import type { Logger } from '../logger'

export type PunchRow = typeof punches.$inferInsert

/** A row not stored because a punch with its dedupe key but another verify or work code already was. */
export interface PunchConflict {
  /** index of the row in the caller's `rows` */
  index: number
  /** the stored punch it collides with */
  punchId: number
}

interface Waiter {
  rows: PunchRow[]
  resolve: (conflicts: PunchConflict[]) => void
  reject: (e: unknown) => void
  expiry?: ReturnType<typeof setTimeout>
}

/** Rows per statement: bounds the JSON parameter (~150 bytes a row) and one statement's lock time. */
const MAX_ROWS_PER_STATEMENT = 5000
/** Rows waiting before a second statement runs beside the first */
const PARALLEL_BACKLOG = 100

/** The columns the COPY path fills, in the order `copyLine` writes them. */
const COPY_COLUMNS = [
  'sn',
  'pin',
  'local_time',
  'punched_at',
  'status',
  'verify',
  'work_code',
  'extra',
  'assumed_zone',
] as const

/** Writes a batch of rows with `COPY` (all or none): the database's `copyFrom`. */
export type CopyRows = Database['copyFrom']

const COPY_SPECIAL = /[\\\t\n\r]/
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** A value in COPY text format: backslash, tab and line breaks escaped (device fields are free text). */
function copyText(value: string): string {
  return COPY_SPECIAL.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c)
    : value
}

/** One row of `COPY_COLUMNS` in COPY text format, `\N` for null. */
function copyLine(r: PunchRow): string {
  const extra = r.extra ? copyText(JSON.stringify(r.extra)) : '\\N'
  const zone = r.assumedZone ? copyText(r.assumedZone) : '\\N'
  return `${copyText(r.sn)}\t${copyText(r.pin)}\t${copyText(r.localTime)}\t${r.punchedAt.toISOString()}\t${r.status}\t${r.verify}\t${copyText(r.workCode ?? '')}\t${extra}\t${zone}\n`
}

/**
 * Group commit for punches: requests hand their rows to `insert`, and whatever arrived while earlier inserts
 * were running is written together in one statement. Each caller's promise settles when the statement holding
 * its rows has committed (or failed), so a terminal is acknowledged only for stored punches. Under no load a
 * request is written at once: batching costs no latency.
 *
 * With `copy` the statement is first an optimistic `COPY` into `punches`, which costs the database about half
 * to two thirds of the conflict-tolerant `INSERT … ON CONFLICT DO NOTHING`; a `COPY` is all or none, so when
 * any row collides with a stored punch (a re-send after a lost acknowledgement, or a dedupe conflict) nothing
 * of it is kept and the same rows go through that insert instead, which keeps re-sends idempotent and finds
 * the conflicts.
 */
/** How a `PunchBatcher` writes, and whom it tells. */
export interface PunchBatcherOptions {
  /** Statements running at once (PGlite has one connection: 1); default 2 */
  parallel?: number
  /**
   * Longest a request's rows wait for a statement to start: while the database is silent the running statements
   * never end, and each re-send would queue its rows again, without bound. Default: no limit.
   */
  maxQueueMs?: number
  /** Called after a statement committed rows (the live feed's announcement); never awaited by a request */
  onCommitted?: () => void
  /**
   * Runs once per group commit with the rows it stored (re-sent ones included, conflicting ones not), before any of
   * their callers is answered: what must follow every acknowledged punch (its timesheet days) is written in one
   * statement for the whole group, not one per request. A failure fails the callers, who then re-send.
   */
  afterCommit?: (rows: readonly PunchRow[]) => Promise<void>
  /** `COPY` first, the conflict-tolerant insert only when it fails */
  copy?: CopyRows
}

export class PunchBatcher {
  private queue: Waiter[] = []
  private queuedRows = 0
  private inFlight = 0
  private idleWaiters: Array<() => void> = []
  private readonly maxInFlight: number
  private readonly maxQueueMs: number
  private readonly onCommitted: () => void
  private readonly afterCommit?: (rows: readonly PunchRow[]) => Promise<void>
  private readonly copy?: CopyRows

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    options: PunchBatcherOptions = {},
  ) {
    this.maxInFlight = options.parallel ?? 2
    this.maxQueueMs = options.maxQueueMs ?? Number.POSITIVE_INFINITY
    this.onCommitted = options.onCommitted ?? (() => {})
    this.afterCommit = options.afterCommit
    this.copy = options.copy
  }

  /**
   * Inserts `rows` idempotently, sharing the statement with concurrent callers; resolves after commit to the
   * rows that collided with a different stored punch (a re-sent identical punch is no conflict).
   */
  insert(rows: PunchRow[]): Promise<PunchConflict[]> {
    if (rows.length === 0) return Promise.resolve([])
    return new Promise<PunchConflict[]>((resolve, reject) => {
      const waiter: Waiter = { rows, resolve, reject }
      if (Number.isFinite(this.maxQueueMs)) {
        waiter.expiry = setTimeout(() => this.expire(waiter), this.maxQueueMs)
      }
      this.queue.push(waiter)
      this.queuedRows += rows.length
      this.pump()
    })
  }

  private expire(waiter: Waiter): void {
    const at = this.queue.indexOf(waiter)
    if (at < 0) return
    this.queue.splice(at, 1)
    this.queuedRows -= waiter.rows.length
    waiter.reject(new DatabaseTimeout(this.maxQueueMs))
    if (this.inFlight === 0 && this.queue.length === 0) {
      for (const done of this.idleWaiters.splice(0)) done()
    }
  }

  /** Whether rows are queued or being written now. */
  busy(): boolean {
    return this.inFlight > 0 || this.queue.length > 0
  }

  /** Resolves when nothing is queued or being written (shutdown). */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      // A second concurrent statement only pays off for a real backlog; otherwise let the queue grow into
      // one bigger statement behind the running one (fewer, larger commits).
      if (this.inFlight > 0 && this.queuedRows < PARALLEL_BACKLOG) break
      const batch: Waiter[] = []
      let count = 0
      while (this.queue.length > 0) {
        const next = this.queue[0] as Waiter
        if (batch.length > 0 && count + next.rows.length > MAX_ROWS_PER_STATEMENT) break
        batch.push(next)
        clearTimeout(next.expiry)
        count += next.rows.length
        this.queue.shift()
        this.queuedRows -= next.rows.length
      }
      this.inFlight++
      void this.write(batch, count).finally(() => {
        this.inFlight--
        this.pump()
        if (this.inFlight === 0 && this.queue.length === 0) {
          for (const done of this.idleWaiters.splice(0)) done()
        }
      })
    }
  }

  private async write(batch: Waiter[], count: number): Promise<void> {
    try {
      const rows = batch.flatMap((w) => w.rows)
      const conflicts = await this.statement(rows)
      await this.committed(rows, conflicts)
      let offset = 0
      for (const w of batch) {
        const end = offset + w.rows.length
        const own = conflicts.filter((c) => c.index >= offset && c.index < end)
        w.resolve(own.map((c) => ({ ...c, index: c.index - offset })))
        offset = end
      }
      this.log.info('punch batch committed', { requests: batch.length, rows: count })
      this.onCommitted()
    } catch (e) {
      if (batch.length === 1) {
        ;(batch[0] as Waiter).reject(e)
        return
      }
      // One request's rows must not fail its neighbours: retry each request on its own.
      for (const w of batch) {
        try {
          const conflicts = await this.statement(w.rows)
          await this.committed(w.rows, conflicts)
          w.resolve(conflicts)
          this.onCommitted()
        } catch (err) {
          w.reject(err)
        }
      }
    }
  }

  /** Hands the stored rows (all but the conflicting ones) to `afterCommit`. */
  private async committed(rows: PunchRow[], conflicts: readonly PunchConflict[]): Promise<void> {
    if (!this.afterCommit) return
    if (conflicts.length === 0) return this.afterCommit(rows)
    const refused = new Set(conflicts.map((c) => c.index))
    const stored = rows.filter((_, i) => !refused.has(i))
    if (stored.length > 0) await this.afterCommit(stored)
  }

  /**
   * One `INSERT … SELECT FROM jsonb_to_recordset($1)`: a single parameter whatever the row count, so building
   * and binding the statement stays cheap (a 9-parameter-per-row VALUES list costs far more than the insert).
   */
  private async statement(rows: PunchRow[]): Promise<PunchConflict[]> {
    const conflicts: PunchConflict[] = []
    for (let i = 0; i < rows.length; i += MAX_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + MAX_ROWS_PER_STATEMENT)
      if (await this.copied(chunk)) continue
      const [inserted] = resultRows<{ n: number }>(
        await this.db.execute(sql`
          with ins as (
            insert into punches (sn, pin, local_time, punched_at, status, verify, work_code, extra,
              assumed_zone)
            select sn, pin, "localTime", "punchedAt", status, verify, coalesce("workCode", ''), extra,
              "assumedZone"
            from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(
              sn text, pin text, "localTime" text, "punchedAt" timestamptz, status int, verify int,
              "workCode" text, extra jsonb, "assumedZone" text)
            on conflict do nothing
            returning 1)
          select count(*)::int as n from ins`),
      )
      // Only a batch with rows already stored pays for the comparison: the common one inserts every row.
      if (Number(inserted?.n ?? 0) < chunk.length) {
        for (const c of await this.differing(chunk)) conflicts.push({ ...c, index: c.index + i })
      }
    }
    return conflicts
  }

  /**
   * Whether `COPY` stored the whole chunk. Any failure (a unique violation above all) leaves nothing stored:
   * the caller then runs the conflict-tolerant insert, which also reports a row the database refuses outright.
   */
  private async copied(chunk: PunchRow[]): Promise<boolean> {
    if (!this.copy) return false
    let text = ''
    for (const r of chunk) text += copyLine(r)
    try {
      await this.copy('punches', COPY_COLUMNS, text)
      return true
    } catch (e) {
      this.log.debug('punch copy fell back to the insert', { rows: chunk.length, error: String(e) })
      return false
    }
  }

  /** The rows of a committed chunk whose stored punch (same dedupe key) has another verify or work code. */
  private async differing(chunk: PunchRow[]): Promise<PunchConflict[]> {
    const keys = chunk.map((r, i) => ({
      i,
      sn: r.sn,
      pin: r.pin,
      localTime: r.localTime,
      status: r.status,
      verify: r.verify,
      workCode: r.workCode ?? '',
    }))
    const found = resultRows<{ i: number; id: number | string }>(
      await this.db.execute(sql`
        select r.i, p.id
        from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as r(
          i int, sn text, pin text, "localTime" text, status int, verify int, "workCode" text)
        join punches p
          on p.sn = r.sn and p.pin = r.pin and p.local_time = r."localTime" and p.status = r.status
        where p.verify <> r.verify or p.work_code <> r."workCode"`),
    )
    return found.map((f) => ({ index: Number(f.i), punchId: Number(f.id) }))
  }
}
