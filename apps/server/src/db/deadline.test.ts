import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestDb, testDbKinds } from '../testing/test-databases'
import type { Database } from './database'
import { DatabaseTimeout, whileDatabaseAnswers } from './deadline'

const never = () => new Promise<void>(() => {})
const later = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms))

describe('whileDatabaseAnswers', () => {
  it('fails work waiting on a database that stopped answering its ping, within the bound', async () => {
    const database = { driver: 'postgres' as const, ping: never }
    const started = performance.now()
    const outcomes = await Promise.allSettled([
      whileDatabaseAnswers(database, never(), 150),
      whileDatabaseAnswers(database, never(), 150),
    ])
    const elapsed = performance.now() - started
    for (const o of outcomes) {
      expect(o.status).toBe('rejected')
      expect((o as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseTimeout)
    }
    // Two thirds of the bound, one tick, then the ping's third; a loose ceiling, since CI machines are busy.
    expect(elapsed).toBeLessThan(1500)
  })

  it('waits for work on a database that is only busy, however long it takes', async () => {
    let pings = 0
    const database = {
      driver: 'postgres' as const,
      ping: async () => {
        pings++
      },
    }
    expect(await whileDatabaseAnswers(database, later(500, 'stored'), 150)).toBe('stored')
    expect(pings).toBeGreaterThan(0)
  })

  it('passes on the work’s own failure and result untouched', async () => {
    const database = { driver: 'postgres' as const, ping: async () => {} }
    await expect(
      whileDatabaseAnswers(database, Promise.reject(new Error('no')), 150),
    ).rejects.toThrow('no')
    expect(await whileDatabaseAnswers(database, Promise.resolve(7), 150)).toBe(7)
  })

  it('awaits work on the embedded database without a deadline', async () => {
    const database = { driver: 'pglite' as const, ping: never }
    expect(await whileDatabaseAnswers(database, later(300, 'done'), 150)).toBe('done')
  })
})

// The watchdog guards Postgres only (see whileDatabaseAnswers), so this runs where a Postgres is configured.
describe.each(testDbKinds().filter((kind) => kind === 'postgres'))('the watchdog on %s', (kind) => {
  let database: Database
  beforeEach(async () => {
    database = await openTestDb(kind)
  })
  afterEach(async () => {
    await database.close()
  })

  it('waits for work queued behind a pool whose every connection is busy: busy is not silent', async () => {
    // The test pool has 5 connections; each is held by a transaction for longer than the bound.
    const holders = Array.from({ length: 5 }, () =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_sleep(1.2)`)
      }),
    )
    await later(50, undefined)
    const work = database.db.execute(sql`select 1 as one`)
    await expect(whileDatabaseAnswers(database, work, 450)).resolves.toBeDefined()
    await Promise.all(holders)
  })
})
