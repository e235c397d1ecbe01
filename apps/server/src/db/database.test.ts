import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestDb, testDbKinds } from '../testing/test-databases'
import type { Database } from './database'
import { devices, punches } from './schema'

describe.each(testDbKinds())('database on %s', (kind) => {
  let database: Database
  beforeEach(async () => {
    database = await openTestDb(kind)
  })
  afterEach(async () => {
    await database.close()
  })

  it('is migrated and starts empty', async () => {
    expect(await database.db.select().from(devices)).toEqual([])
  })

  it('ignores a re-sent punch through the dedupe key', async () => {
    const row = {
      sn: 'A1',
      pin: '7',
      localTime: '2024-07-28 01:25:24',
      punchedAt: new Date('2024-07-28T01:25:24Z'),
      status: 0,
      verify: 1,
    }
    await database.db.insert(punches).values(row).onConflictDoNothing()
    await database.db.insert(punches).values(row).onConflictDoNothing()
    const rows = await database.db.select().from(punches).where(eq(punches.sn, 'A1'))
    expect(rows).toHaveLength(1)
    expect(rows[0]?.punchedAt.toISOString()).toBe('2024-07-28T01:25:24.000Z')
  })

  it('copies rows in, more COPYs at once than the pool has connections, and refuses a duplicate whole', async () => {
    const columns = ['sn', 'pin', 'local_time', 'punched_at', 'status', 'verify']
    const line = (sn: string, pin: number) =>
      `${sn}\t${pin}\t2024-07-28 01:25:2${pin}\t2024-07-28T01:25:2${pin}Z\t0\t1\n`
    // The test pool has 5 connections: the later COPYs wait for one instead of sharing it.
    await Promise.all(
      Array.from({ length: 8 }, (_, k) =>
        database.copyFrom('punches', columns, line(`C${k}`, 1) + line(`C${k}`, 2)),
      ),
    )
    expect(await database.db.select().from(punches)).toHaveLength(16)
    await expect(
      database.copyFrom('punches', columns, line('N', 1) + line('C0', 2)),
    ).rejects.toMatchObject({
      code: '23505',
    })
    expect(await database.db.select().from(punches).where(eq(punches.sn, 'N'))).toEqual([])
  })

  it('delivers NOTIFY to listeners', async () => {
    const got: string[] = []
    const unlisten = await database.listen('wr_test', (p) => got.push(p))
    await database.notify('wr_test', 'hello')
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    await unlisten()
    expect(got).toEqual(['hello'])
  })
})
