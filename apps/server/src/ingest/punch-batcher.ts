import { sql } from 'drizzle-orm'
import type { Db } from '../db'
import type { punches } from '../db/schema'
import type { Logger } from '../logger'

export type PunchRow = typeof punches.$inferInsert

interface Waiter {
  rows: PunchRow[]
  resolve: () => void
  reject: (e: unknown) => void
}

/** Rows per statement: bounds the JSON parameter (~150 bytes a row) and one statement's lock time. */
const MAX_ROWS_PER_STATEMENT = 5000
/** Rows waiting before a second statement runs beside the first */
const PARALLEL_BACKLOG = 100

/**
 * Group commit for punches: requests hand their rows to `insert`, and whatever arrived while earlier inserts
 * were running is written together as one multi-row `INSERT … ON CONFLICT DO NOTHING`. Each caller's promise
 * settles when the statement holding its rows has committed (or failed), so a terminal is acknowledged only
 * for stored punches. Under no load a request is written at once: batching costs no latency.
 */
export class PunchBatcher {
  private queue: Waiter[] = []
  private queuedRows = 0
  private inFlight = 0
  private idleWaiters: Array<() => void> = []

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    /** Statements running at once (PGlite has one connection: 1) */
    private readonly maxInFlight = 2,
  ) {}

  /** Inserts `rows` idempotently, sharing the statement with concurrent callers; resolves after commit. */
  insert(rows: PunchRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, resolve, reject })
      this.queuedRows += rows.length
      this.pump()
    })
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
      await this.statement(batch.flatMap((w) => w.rows))
      for (const w of batch) w.resolve()
      this.log.info('punch batch committed', { requests: batch.length, rows: count })
    } catch (e) {
      if (batch.length === 1) {
        ;(batch[0] as Waiter).reject(e)
        return
      }
      // One request's rows must not fail its neighbours: retry each request on its own.
      for (const w of batch) {
        try {
          await this.statement(w.rows)
          w.resolve()
        } catch (err) {
          w.reject(err)
        }
      }
    }
  }

  /**
   * One `INSERT … SELECT FROM jsonb_to_recordset($1)`: a single parameter whatever the row count, so building
   * and binding the statement stays cheap (a 9-parameter-per-row VALUES list costs far more than the insert).
   */
  private async statement(rows: PunchRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += MAX_ROWS_PER_STATEMENT) {
      const json = JSON.stringify(rows.slice(i, i + MAX_ROWS_PER_STATEMENT))
      await this.db.execute(sql`
        insert into punches (sn, pin, local_time, punched_at, status, verify, work_code, extra)
        select sn, pin, "localTime", "punchedAt", status, verify, coalesce("workCode", ''), extra
        from jsonb_to_recordset(${json}::jsonb) as r(
          sn text, pin text, "localTime" text, "punchedAt" timestamptz, status int, verify int,
          "workCode" text, extra jsonb)
        on conflict do nothing`)
    }
  }
}
