import { sql } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { resultRows } from '../db/result-rows'
import type { Logger } from '../logger'
import { addMonths, type Month, monthOf, monthPartition } from './month-ranges'

/**
 * What retention asks the timesheets module before it drops a month: of these months (`YYYY-MM` of the devices'
 * wall clock, the days a period covers), those a locked timesheet period still needs. The timesheets module
 * implements it; until it is wired in, no period is locked.
 */
/**
 * Which months locked timesheet periods need (the timesheets module). Asked inside the transaction that drops a
 * month, under the partitions lock, which locking a period takes too: a period locked meanwhile is seen.
 */
export interface LockedPeriods {
  lockedMonths(months: readonly Month[], db: Db | Tx): Promise<Month[]>
}

/** No timesheet period is locked (tools and tests without timesheets). */
export const NO_LOCKED_PERIODS: LockedPeriods = { lockedMonths: async () => [] }

/** Months created beyond the current one: a month boundary never finds its partition missing. */
export const PARTITIONS_AHEAD = 3

/** Catches a punch whose month has no partition (a far-off device clock), so no insert ever fails. */
const DEFAULT_PARTITION = 'punches_default'

/** One advisory lock for every change to the partitions, so server processes never create or drop one at once. */
const PARTITIONS_LOCK = 0x70756e63

/** Holds the partitions lock to the end of `tx`: retention cannot drop a month while a period over it is locked. */
export async function holdPartitionsLock(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${PARTITIONS_LOCK})`)
}

export interface PartitionsOptions {
  db: Db
  log: Logger
  /** Months kept before the current one (0: every month is kept) */
  retentionMonths: number
  locks: LockedPeriods
}

/** What a retention pass did. */
export interface RetentionOutcome {
  dropped: Month[]
  /** Months past retention kept because a locked timesheet period needs them */
  refused: Month[]
}

const BOUND = /^FOR VALUES FROM \('(\d{4}-\d{2})-01 00:00:00'\) TO \('\d{4}-\d{2}-01 00:00:00'\)$/

/** Months that have a partition, oldest first (the catalog's word, so every process sees the same). */
export async function partitionMonths(db: Db | Tx): Promise<Month[]> {
  const rows = resultRows<{ bound: string }>(
    await db.execute(sql`
      select pg_get_expr(c.relpartbound, c.oid) as bound
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'punches'::regclass`),
  )
  return rows
    .map((r) => BOUND.exec(r.bound)?.[1])
    .filter((m): m is Month => m !== undefined)
    .sort()
}

/**
 * The monthly partitions of `punches`: creates the current month and the next ones ahead of time, and drops whole
 * months past retention.
 */
export class PunchPartitions {
  constructor(private readonly options: PartitionsOptions) {}

  /** Months that have a partition, oldest first. */
  months(db: Db | Tx = this.options.db): Promise<Month[]> {
    return partitionMonths(db)
  }

  /**
   * Ensures partitions for the current month and `PARTITIONS_AHEAD` after it (a zone up to 14 h ahead of UTC is
   * in the next month already); punches of those months that arrived before their partition (a clock running
   * ahead) move into it. Punches of other months with no partition (a clock reset to 2000, or far ahead) stay in
   * the default partition: they are real punches read with a wrong clock, and retention must not drop them as
   * history. Returns the months created.
   */
  async ensure(now: Date): Promise<Month[]> {
    const current = monthOf(now)
    return this.ensureMonths(
      Array.from({ length: PARTITIONS_AHEAD + 1 }, (_, i) => addMonths(current, i)),
    )
  }

  /** Ensures a partition for each of `months` (`YYYY-MM`, 1970–2100); returns the months created. */
  async ensureMonths(months: readonly Month[]): Promise<Month[]> {
    const have = new Set(await this.months())
    const created: Month[] = []
    for (const m of [...new Set(months)].sort()) {
      if (have.has(m)) continue
      if (await this.create(m)) created.push(m)
    }
    if (created.length > 0) this.options.log.info('punch partitions created', { months: created })
    return created
  }

  /**
   * Drops, whole, the month partitions that end before the current month less `retentionMonths`, except the ones a
   * locked timesheet period needs (refused, logged). Never deletes rows: the default partition is left alone.
   */
  async applyRetention(now: Date): Promise<RetentionOutcome> {
    const keep = this.options.retentionMonths
    if (keep <= 0) return { dropped: [], refused: [] }
    const firstKept = addMonths(monthOf(now), -keep)
    const expired = (await this.months()).filter((m) => m < firstKept)
    if (expired.length === 0) return { dropped: [], refused: [] }
    const refused: Month[] = []
    const dropped: Month[] = []
    for (const m of expired) {
      const drop = await this.options.db.transaction(async (tx) => {
        await holdPartitionsLock(tx)
        if ((await this.options.locks.lockedMonths([m], tx)).length > 0) return false
        await tx.execute(sql.raw(`drop table if exists "${monthPartition(m).name}"`))
        return true
      })
      ;(drop ? dropped : refused).push(m)
    }
    if (dropped.length > 0) {
      this.options.log.info('punch partitions dropped (retention)', { months: dropped, keep })
    }
    if (refused.length > 0) {
      this.options.log.warn(
        'punch partitions past retention kept: locked timesheet periods need them',
        {
          months: refused,
          keep,
        },
      )
    }
    return { dropped, refused }
  }

  /**
   * Creates month `m`'s partition under the advisory lock (false when another process did first). Punches of the
   * month already in the default partition are moved into a new table that is then attached: a partition cannot
   * be created over rows the default partition holds.
   */
  private async create(m: Month): Promise<boolean> {
    const p = monthPartition(m)
    // DDL takes no parameters; every name and bound here comes from a checked `YYYY-MM`.
    const range = `for values from ('${p.from}') to ('${p.to}')`
    return this.options.db.transaction(async (tx) => {
      await holdPartitionsLock(tx)
      if ((await this.months(tx)).includes(m)) return false
      const inRange = sql.raw(`local_time >= '${p.from}' and local_time < '${p.to}'`)
      const [stray] = resultRows<{ n: number }>(
        await tx.execute(
          sql`select count(*)::int as n from ${sql.raw(DEFAULT_PARTITION)} where ${inRange}`,
        ),
      )
      if (Number(stray?.n ?? 0) === 0) {
        await tx.execute(sql.raw(`create table "${p.name}" partition of punches ${range}`))
        return true
      }
      await tx.execute(
        sql.raw(`create table "${p.name}" (like punches including defaults including constraints)`),
      )
      await tx.execute(sql`
        with moved as (delete from ${sql.raw(DEFAULT_PARTITION)} where ${inRange} returning *)
        insert into ${sql.raw(`"${p.name}"`)} select * from moved`)
      // Attaching builds the parent's indexes on the new partition.
      await tx.execute(sql.raw(`alter table punches attach partition "${p.name}" ${range}`))
      return true
    })
  }
}
