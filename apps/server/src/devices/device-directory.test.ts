import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../db'
import { devices } from '../db/schema'
import { openTestDb, testDbKinds } from '../testing/test-databases'
import { DeviceDirectory } from './device-directory'

describe.each(testDbKinds())('device directory on %s', { timeout: 30_000 }, (kind) => {
  let database: Database
  beforeEach(async () => {
    database = await openTestDb(kind)
  }, 60_000)
  afterEach(async () => {
    await database.close()
  })

  const directory = (cacheTtlMs: number) =>
    new DeviceDirectory({
      database,
      admission: 'open',
      pollDelaySeconds: 10,
      now: () => new Date(),
      cacheTtlMs,
    })

  /** Counts the directory's reads of the devices table from here on. */
  const countReads = () => {
    const reads = { n: 0 }
    const select = database.db.select.bind(database.db)
    Object.assign(database.db, {
      select: (...args: Parameters<typeof select>) => {
        reads.n++
        return select(...args)
      },
    })
    return reads
  }

  it('serves a row past its TTL without waiting, and re-reads every stale row in one read', async () => {
    const dir = directory(20)
    for (const sn of ['S1', 'S2', 'S3']) await dir.find(sn)
    await database.db.update(devices).set({ name: 'renamed' }).where(eq(devices.sn, 'S2'))
    await database.db.delete(devices).where(eq(devices.sn, 'S3'))
    await Bun.sleep(30)
    const reads = countReads()
    const served = await Promise.all(['S1', 'S2', 'S3'].map((sn) => dir.peek(sn)))
    // What was cached answers the requests; the database is asked once, after them.
    expect(served.map((r) => r?.name ?? null)).toEqual([null, null, null])
    await dir.refreshed()
    expect(reads.n).toBe(1)
    expect((await dir.peek('S2'))?.name).toBe('renamed')
    expect(reads.n).toBe(1)
    // A device removed meanwhile is gone from memory: the next request asks the database.
    expect(await dir.peek('S3')).toBeUndefined()
    expect(reads.n).toBe(2)
  })

  it('keeps a NOTIFY that lands during a refresh over the refresh read', async () => {
    const dir = directory(20)
    await dir.find('S1')
    await Bun.sleep(30)
    await dir.peek('S1')
    // The change and its notification land while the refresh read is out.
    dir.invalidate('S1')
    await database.db.update(devices).set({ name: 'later' }).where(eq(devices.sn, 'S1'))
    await dir.refreshed()
    expect((await dir.peek('S1'))?.name).toBe('later')
  })

  it('primes every device in pages, so first requests after a start need no read', async () => {
    await database.db
      .insert(devices)
      .values(['P1', 'P2', 'P3', 'P4', 'P5'].map((sn) => ({ sn, status: 'approved' as const })))
    const dir = directory(60_000)
    expect(await dir.prime(2)).toBe(5)
    const reads = countReads()
    expect((await dir.peek('P5'))?.status).toBe('approved')
    expect(reads.n).toBe(0)
  })
})
