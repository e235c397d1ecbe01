import type { PGlite } from '@electric-sql/pglite'
import { count, eq, type SQLWrapper, sql } from 'drizzle-orm'
import type postgres from 'postgres'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decodeCursor } from '../cursor'
import type { Database, Db } from '../db'
import { resultRows } from '../db/result-rows'
import { punches } from '../db/schema'
import { silentLogger } from '../logger'
import { openTestDb, testDbKinds } from '../testing/test-databases'
import { createTestServer } from '../testing/test-server'
import { pageWindows } from './page-windows'
import {
  type LockedPeriods,
  NO_LOCKED_PERIODS,
  PARTITIONS_AHEAD,
  PunchPartitions,
  partitionMonths,
} from './partitions'
import { PunchBatcher, type PunchRow } from './punch-batcher'
import { punchExportQuery } from './punch-export'
import { punchFilterSql } from './punch-filter'
import { listPunches, type PunchQuery, punchListQuery } from './punch-list'
import { currentPunchesQuery } from './punches-of-people'

const NOW = new Date('2026-06-15T12:00:00Z')

/** A punch read in UTC at `localTime`, so its instant and wall clock agree. */
function punch(pin: string, localTime: string, sn = 'PART1'): PunchRow {
  return {
    sn,
    pin,
    localTime,
    punchedAt: new Date(`${localTime.replace(' ', 'T')}Z`),
    status: 0,
    verify: 1,
    workCode: '0',
  }
}

/** A statement's plan, as text. */
async function planOf(db: Db, query: SQLWrapper): Promise<string> {
  const rows = resultRows<Record<string, string>>(await db.execute(sql`explain ${query}`))
  return rows.map((r) => Object.values(r)[0]).join('\n')
}

/** The partitions a statement's plan reads (scans, and the indexes named after them). */
async function plannedPartitions(db: Db, query: SQLWrapper): Promise<string[]> {
  const plan = await planOf(db, query)
  return [...new Set(plan.match(/punches_(p\d{4}_\d{2}|default)/g) ?? [])].sort()
}

/** The first statement a page of the list runs: its first window's (page-windows.ts). */
async function firstStatement(db: Db, q: PunchQuery) {
  // Returned wrapped: a query builder is a thenable, which an async function would run.
  return { query: punchListQuery(db, q, await firstWindow(db, q)) }
}

async function firstWindow(db: Db, q: PunchQuery) {
  const windows = pageWindows({
    newestFirst: q.sort === 'newest',
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.cursor ? { after: new Date(decodeCursor(q.cursor, 3)[1] ?? '') } : {}),
    now: NOW,
    months: () => partitionMonths(db),
  })
  for await (const window of windows) return window
  throw new Error('no window')
}

/** Punches per partition, straight from the partitions. */
async function rowsIn(db: Db): Promise<Record<string, number>> {
  const rows = resultRows<{ part: string; n: number }>(
    await db.execute(sql`select tableoid::regclass::text as part, count(*)::int as n
      from punches group by 1 order by 1`),
  )
  return Object.fromEntries(rows.map((r) => [r.part, Number(r.n)]))
}

describe.each(testDbKinds())('punch partitions on %s', { timeout: 60_000 }, (kind) => {
  let database: Database
  let batcher: PunchBatcher
  beforeEach(async () => {
    database = await openTestDb(kind)
    batcher = new PunchBatcher(database.db, silentLogger, { parallel: 1 })
  }, 60_000)
  afterEach(async () => {
    await database.close()
  })

  const partitions = (retentionMonths = 0, locks: LockedPeriods = NO_LOCKED_PERIODS) =>
    new PunchPartitions({ db: database.db, log: silentLogger, retentionMonths, locks })

  /** One punch on the 15th of every month of 2026, in its month's partition. */
  async function year2026() {
    const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)
    await partitions().ensureMonths(months)
    await batcher.insert(months.map((m) => punch('1', `${m}-15 08:00:00`)))
  }

  it('the server creates the current month and the months ahead at start', async () => {
    const server = await createTestServer(kind, {}, () => NOW)
    try {
      await server.services.start()
      expect(await server.services.partitions.months()).toEqual(
        ['2026-06', '2026-07', '2026-08', '2026-09'].slice(0, PARTITIONS_AHEAD + 1),
      )
    } finally {
      await server.services.stop()
      await server.close()
    }
  })

  it('keeps a punch of a month with no partition; a month coming up gets its punches moved in', async () => {
    // Clocks far off: the protocol accepts these years, so the insert must not fail.
    const stray = [
      punch('7', '2099-05-01 09:00:00'),
      punch('7', '2000-01-01 00:00:10'),
      punch('7', '2026-09-10 08:00:00'),
    ]
    expect(await batcher.insert(stray)).toEqual([])
    expect(await rowsIn(database.db)).toEqual({ punches_default: 3 })
    expect(await partitions().ensure(NOW)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09'])
    // September is within the months made ahead: its punch moved in; the others stay, never dropped as history.
    expect(await rowsIn(database.db)).toEqual({ punches_default: 2, punches_p2026_09: 1 })
    // Indexes came with the attach: a re-send is still a duplicate.
    expect(await batcher.insert(stray)).toEqual([])
    expect((await database.db.select({ n: count() }).from(punches))[0]?.n).toBe(3)
    expect(await partitions().ensure(NOW)).toEqual([])
  })

  it('plans a list, an export and a person read over one week on one partition', async () => {
    await year2026()
    const from = new Date('2026-06-08T00:00:00Z')
    const to = new Date('2026-06-15T00:00:00Z')
    const list = punchListQuery(database.db, { from, to, limit: 100, sort: 'newest' })
    expect(await plannedPartitions(database.db, list)).toEqual(['punches_p2026_06'])
    const exported = punchExportQuery(database.db, punchFilterSql({ from, to }), undefined)
    expect(await plannedPartitions(database.db, exported)).toEqual(['punches_p2026_06'])
    const person = currentPunchesQuery(database.db, ['1'], from, to)
    expect(await plannedPartitions(database.db, person)).toEqual(['punches_p2026_06'])
  })

  it('plans a list over a calendar month on its partition and the 14-hour edges of its neighbours only', async () => {
    await year2026()
    const q = {
      from: new Date('2026-06-01T00:00:00Z'),
      to: new Date('2026-07-01T00:00:00Z'),
      limit: 100,
      sort: 'newest' as const,
    }
    // A device 14 h ahead of UTC stamps a punch of 30 June 23:00 UTC with 1 July's wall clock.
    expect(await plannedPartitions(database.db, punchListQuery(database.db, q))).toEqual([
      'punches_p2026_05',
      'punches_p2026_06',
      'punches_p2026_07',
    ])
    const page = await listPunches(database.db, q, NOW)
    expect(page.items.map((p) => p.localTime)).toEqual(['2026-06-15 08:00:00'])
  })

  it('a cursor bounds the months too: a page after 15 March newest first skips April onwards', async () => {
    await year2026()
    await batcher.insert([punch('1', '2026-03-15 09:00:00')])
    const first = await listPunches(
      database.db,
      {
        from: new Date('2026-03-15T00:00:00Z'),
        to: new Date('2026-03-16T00:00:00Z'),
        limit: 1,
        sort: 'newest',
      },
      NOW,
    )
    expect(first.items).toHaveLength(1)
    const key = { limit: 10, sort: 'newest' as const }
    const next = await listPunches(database.db, { ...key, cursor: encodeCursorOf(first) }, NOW)
    expect(next.items.map((p) => p.localTime)).toEqual([
      '2026-03-15 08:00:00',
      '2026-02-15 08:00:00',
      '2026-01-15 08:00:00',
    ])
    // Its first statement reads March up to the cursor, February, and January's 14-hour edge.
    const plan = await plannedPartitions(
      database.db,
      (await firstStatement(database.db, { ...key, cursor: encodeCursorOf(first) })).query,
    )
    expect(plan).toEqual(['punches_p2026_01', 'punches_p2026_02', 'punches_p2026_03'])
  })

  it('an unbounded first page plans this month, the last and the months ahead only, not every month kept', async () => {
    await partitions().ensureMonths([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
    ])
    await partitions().ensure(NOW)
    await batcher.insert([punch('1', '2026-06-10 08:00:00'), punch('1', '2026-01-10 08:00:00')])
    const q = { limit: 100, sort: 'newest' as const }
    // And April's last 14 hours: a device behind UTC stamps a punch of 1 May with 30 April's wall clock.
    expect(
      await plannedPartitions(database.db, (await firstStatement(database.db, q)).query),
    ).toEqual([
      'punches_default',
      'punches_p2026_04',
      'punches_p2026_05',
      'punches_p2026_06',
      'punches_p2026_07',
      'punches_p2026_08',
      'punches_p2026_09',
    ])
    expect(
      (await listPunches(database.db, { ...q, limit: 2 }, NOW)).items.map((p) => p.localTime),
    ).toEqual(['2026-06-10 08:00:00', '2026-01-10 08:00:00'])
  })

  it("a group's page reads each device's punches in order from the device index, in its months only", async () => {
    await year2026()
    await batcher.insert(
      ['G1', 'G2', 'G3', 'OTHER'].flatMap((sn) => [
        punch('2', '2026-03-10 08:00:00', sn),
        punch('2', '2026-06-10 08:00:00', sn),
      ]),
    )
    const q = { limit: 100, sort: 'newest' as const, sns: ['G1', 'G2', 'G3'] }
    const first = await firstStatement(database.db, q)
    const plan = await planOf(database.db, first.query)
    // One ordered range of the device index per device, not the time index filtered by device.
    expect(plan).toMatch(/Index Cond: \(\(sn = d\.sn\) AND \(punched_at >= /)
    expect(plan).not.toMatch(/sn = ANY/)
    expect(await plannedPartitions(database.db, first.query)).toEqual([
      'punches_default',
      'punches_p2026_04',
      'punches_p2026_05',
      'punches_p2026_06',
      'punches_p2026_07',
      'punches_p2026_08',
      'punches_p2026_09',
      'punches_p2026_10',
      'punches_p2026_11',
      'punches_p2026_12',
    ])
    const page = await listPunches(database.db, { ...q, limit: 4 }, NOW)
    expect(page.items.map((p) => `${p.sn} ${p.localTime}`)).toEqual([
      'G3 2026-06-10 08:00:00',
      'G2 2026-06-10 08:00:00',
      'G1 2026-06-10 08:00:00',
      'G3 2026-03-10 08:00:00',
    ])
  })

  it('retention drops whole months and refuses those a locked period needs', async () => {
    await year2026()
    const asked: string[][] = []
    const locks: LockedPeriods = {
      async lockedMonths(months) {
        asked.push([...months])
        return months.filter((m) => m === '2026-02')
      },
    }
    await batcher.insert([punch('9', '2150-01-01 00:00:00')])
    // Keep the current month (June) and two before it: January to March are past retention.
    const outcome = await partitions(2, locks).applyRetention(NOW)
    // Each month is asked about in the transaction that would drop it.
    expect(asked).toEqual([['2026-01'], ['2026-02'], ['2026-03']])
    expect(outcome).toEqual({ dropped: ['2026-01', '2026-03'], refused: ['2026-02'] })
    const left = await partitions().months()
    expect(left).not.toContain('2026-01')
    expect(left).toContain('2026-02')
    expect(left).not.toContain('2026-03')
    expect(left).toContain('2026-04')
    const stored = await rowsIn(database.db)
    expect(stored.punches_p2026_02).toBe(1)
    expect(stored.punches_p2026_01).toBeUndefined()
    // The default partition is never pruned row by row.
    expect(stored.punches_default).toBe(1)
    expect(await partitions(0, locks).applyRetention(NOW)).toEqual({ dropped: [], refused: [] })
  })

  it('COPY into the parent table routes rows to their months', async () => {
    await year2026()
    const lines = `PART2\t5\t2026-04-02 08:00:00\t2026-04-02 08:00:00+00\t0\t1\nPART2\t5\t2031-01-02 08:00:00\t2031-01-02 08:00:00+00\t0\t1\n`
    const columns = 'punches (sn, pin, local_time, punched_at, status, verify)'
    if (database.driver === 'pglite') {
      const client = (database.db as unknown as { $client: PGlite }).$client
      await client.query(`copy ${columns} from '/dev/blob'`, [], { blob: new Blob([lines]) })
    } else {
      const client = (database.db as unknown as { $client: postgres.Sql }).$client
      const sink = await client.unsafe(`copy ${columns} from stdin`).writable()
      await new Promise<void>((resolve, reject) => {
        sink.on('error', reject)
        sink.on('finish', resolve)
        sink.end(lines)
      })
    }
    const stored = await rowsIn(database.db)
    expect(stored.punches_p2026_04).toBe(2)
    expect(stored.punches_default).toBe(1)
    const [copied] = await database.db
      .select({ id: punches.id })
      .from(punches)
      .where(eq(punches.localTime, '2031-01-02 08:00:00'))
    expect(copied?.id).toBeGreaterThan(12)
  })
})

function encodeCursorOf(page: { nextCursor: string | null }): string {
  if (!page.nextCursor) throw new Error('expected a next page')
  return page.nextCursor
}
