import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../db'
import { resultRows } from '../db/result-rows'
import { periodLocks, timesheetQueue } from '../db/schema'
import { silentLogger } from '../logger'
import { openTestDb, testDbKinds } from '../testing/test-databases'
import { addDays } from './dates'
import { claimDays, enqueueDays, enqueueRange, finishClaim, queueLength } from './recompute-queue'
import { BUSY_DUTY, createTimesheetWorker, nextClaimRows, nextPassDelay } from './worker'

const NOW = new Date('2025-02-01T00:00:00Z')
const LEASE = 60_000

describe.each(testDbKinds())('timesheet recompute queue on %s', { timeout: 60_000 }, (kind) => {
  let database: Database
  beforeEach(async () => {
    database = await openTestDb(kind)
  }, 60_000)
  afterEach(async () => {
    await database.close()
  })

  it('keeps one waiting row per person, widened to every queued day, and none inside a locked period', async () => {
    await database.db
      .insert(periodLocks)
      .values({ from: '2025-01-01', to: '2025-01-10', lockedBy: 'admin' })
    await enqueueDays(database.db, [
      { pin: '1', date: '2025-01-12' },
      { pin: '1', date: '2025-01-11' },
      { pin: '1', date: '2025-01-11' },
      { pin: '1', date: '2025-01-20' },
    ])
    await enqueueDays(database.db, [{ pin: '1', date: '2025-01-14' }])
    await enqueueRange(database.db, ['2'], '2025-01-09', '2025-01-12')
    await enqueueRange(database.db, ['3'], '2025-01-02', '2025-01-09')
    const rows = await database.db.select().from(timesheetQueue)
    expect(rows.map((r) => `${r.pin} ${r.from} ${r.to}`).sort()).toEqual([
      '1 2025-01-11 2025-01-20',
      '2 2025-01-09 2025-01-12',
    ])
  })

  it('queuing a day its person already waits for writes nothing', async () => {
    await enqueueRange(database.db, ['1'], '2025-01-10', '2025-01-12')
    const version = async () =>
      resultRows<{ v: string }>(
        await database.db.execute(sql`select xmin::text as v from timesheet_queue`),
      ).map((r) => r.v)
    const before = await version()
    await enqueueDays(database.db, [{ pin: '1', date: '2025-01-11' }])
    expect(await version()).toEqual(before)
    // A wider range still widens the waiting row.
    await enqueueDays(database.db, [{ pin: '1', date: '2025-01-13' }])
    expect(await version()).not.toEqual(before)
    const rows = await database.db.select().from(timesheetQueue)
    expect(rows.map((r) => `${r.pin} ${r.from} ${r.to}`)).toEqual(['1 2025-01-10 2025-01-13'])
  })

  it('a paced pass takes one claim while ingest is busy, and drains once it is not', async () => {
    let busy = true
    const worker = createTimesheetWorker({
      db: database.db,
      log: silentLogger,
      now: () => NOW,
      defaultZone: 'UTC',
      intervalMs: 60_000,
      claimRows: 1,
      ingestBusy: () => busy,
    })
    await enqueueRange(database.db, ['1', '2', '3'], '2025-01-10', '2025-01-10')
    expect(await worker.runOnce({ paced: true })).toMatchObject({ claims: 1, yielded: true })
    busy = false
    const drained = await worker.runOnce({ paced: true })
    expect(drained.claims).toBe(2)
    expect(drained.yielded).toBeUndefined()
    expect(await queueLength(database.db)).toBe(0)
    // An unpaced pass (tests, a drain on demand) ignores ingest.
    busy = true
    await enqueueRange(database.db, ['4', '5'], '2025-01-10', '2025-01-10')
    expect((await worker.runOnce()).claims).toBe(2)
  })

  it('a day queued again while it is being computed waits for that computation, then is claimed', async () => {
    await enqueueDays(database.db, [{ pin: '1', date: '2025-01-11' }])
    const first = await claimDays(database.db, NOW, 10, LEASE)
    expect(first.ranges).toEqual([{ pin: '1', from: '2025-01-11', to: '2025-01-11' }])
    // A punch arrives while the day is computed: a fresh row, not absorbed by the claimed one.
    await enqueueDays(database.db, [{ pin: '1', date: '2025-01-11' }])
    expect((await database.db.select().from(timesheetQueue)).length).toBe(2)
    expect((await claimDays(database.db, NOW, 10, LEASE)).ids).toEqual([])
    await finishClaim(database.db, first.ids)
    const second = await claimDays(database.db, NOW, 10, LEASE)
    expect(second.ranges).toEqual([{ pin: '1', from: '2025-01-11', to: '2025-01-11' }])
    // A worker that died: once its lease is over, the day is claimed again.
    const later = new Date(NOW.getTime() + LEASE + 1)
    expect((await claimDays(database.db, later, 10, LEASE)).ids).toEqual(second.ids)
  })

  it('concurrent claims never hand out the same row or the same person-day', async () => {
    const pins = Array.from({ length: 200 }, (_, i) => String(i))
    await enqueueRange(database.db, pins, '2025-01-01', '2025-01-10')
    const seenIds = new Set<number>()
    const seenDays = new Set<string>()
    let total = 0
    for (let round = 0; round < 20; round++) {
      const claims = await Promise.all(
        Array.from({ length: 4 }, () => claimDays(database.db, NOW, 15, LEASE)),
      )
      const got = claims.reduce((n, c) => n + c.ids.length, 0)
      if (got === 0) break
      for (const c of claims) {
        for (const id of c.ids) {
          expect(seenIds.has(id)).toBe(false)
          seenIds.add(id)
        }
        for (const r of c.ranges) {
          for (let d = r.from; d <= r.to; d = addDays(d, 1)) {
            const key = `${r.pin}|${d}`
            expect(seenDays.has(key)).toBe(false)
            seenDays.add(key)
          }
        }
      }
      total += got
      // Finished claims free their people for the next round.
      for (const c of claims) await finishClaim(database.db, c.ids)
    }
    expect(total).toBe(200)
    expect(seenDays.size).toBe(2000)
  })
})

describe('the pace of scheduled passes', () => {
  it('waits the interval after a pass that drained, and keeps a yielding worker to its share of the time', () => {
    expect(nextPassDelay(500, 40, false)).toBe(500)
    expect(nextPassDelay(500, 2_000, false)).toBe(500)
    // A short claim still waits the interval; a long one waits until it was BUSY_DUTY of the time.
    expect(nextPassDelay(500, 5, true)).toBe(500)
    const delay = nextPassDelay(500, 300, true)
    expect(300 / (300 + delay)).toBeCloseTo(BUSY_DUTY, 5)
  })
})

describe('the size of claims', () => {
  it('halves the people of a claim after one that read too many punches, and grows back after light ones', () => {
    expect(nextClaimRows(200, 200, 90_000, 20_000)).toBe(100)
    expect(nextClaimRows(1, 200, 90_000, 20_000)).toBe(1)
    expect(nextClaimRows(100, 200, 15_000, 20_000)).toBe(100)
    expect(nextClaimRows(50, 200, 2_000, 20_000)).toBe(100)
    expect(nextClaimRows(200, 200, 0, 20_000)).toBe(200)
  })
})
