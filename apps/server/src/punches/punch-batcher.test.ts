import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../db'
import { DatabaseTimeout } from '../db/deadline'
import { punches } from '../db/schema'
import { silentLogger } from '../logger'
import { openTestDb, testDbKinds } from '../testing/test-databases'
import { PunchBatcher, type PunchRow } from './punch-batcher'

const row = (pin: string, second: number): PunchRow => ({
  sn: 'PB1',
  pin,
  localTime: `2025-01-15 08:00:${String(second).padStart(2, '0')}`,
  punchedAt: new Date(Date.UTC(2025, 0, 15, 14, 0, second)),
  status: 0,
  verify: 1,
  workCode: '0',
  extra: second === 0 ? { maskFlag: '1' } : null,
})

describe.each(testDbKinds())('punch batcher on %s', { timeout: 30_000 }, (kind) => {
  let database: Database
  beforeEach(async () => {
    database = await openTestDb(kind)
  }, 60_000)
  afterEach(async () => {
    await database.close()
  })

  it('coalesces concurrent callers, resolves each after commit, and ignores duplicates', async () => {
    const batcher = new PunchBatcher(database.db, silentLogger, 1)
    let statements = 0
    const spy = batcher as unknown as { statement(rows: PunchRow[]): Promise<void> }
    const original = spy.statement.bind(batcher)
    spy.statement = (rows) => {
      statements++
      return original(rows)
    }
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => batcher.insert([row(String(i), i), row(String(i), i)])),
    )
    expect(statements).toBeLessThan(30)
    const stored = await database.db.select().from(punches)
    expect(stored).toHaveLength(30)
    const first = stored.find((p) => p.pin === '0')
    expect(first?.extra).toEqual({ maskFlag: '1' })
    expect(first?.punchedAt.toISOString()).toBe('2025-01-15T14:00:00.000Z')
    await batcher.insert([row('0', 0)])
    expect(await database.db.select().from(punches)).toHaveLength(30)
  })

  it('fails only the caller whose rows cannot be stored', async () => {
    const batcher = new PunchBatcher(database.db, silentLogger, 1)
    const bad = { ...row('x', 1), status: 'not a number' as unknown as number }
    const results = await Promise.allSettled([
      batcher.insert([row('a', 2)]),
      batcher.insert([row('b', 3)]),
      batcher.insert([bad]),
      batcher.insert([row('c', 4)]),
    ])
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ])
    expect((await database.db.select().from(punches)).map((p) => p.pin).sort()).toEqual([
      'a',
      'b',
      'c',
    ])
    await batcher.drain()
  })

  it('stops holding rows that waited too long behind a statement that never ends', async () => {
    const batcher = new PunchBatcher(database.db, silentLogger, 1, 50)
    const spy = batcher as unknown as { statement(rows: PunchRow[]): Promise<unknown> }
    let release: (() => void) | undefined
    spy.statement = () =>
      new Promise((resolve) => {
        release = () => resolve([])
      })
    const running = batcher.insert([row('s', 1)])
    const queued = batcher.insert([row('t', 2)])
    await expect(queued).rejects.toBeInstanceOf(DatabaseTimeout)
    expect((batcher as unknown as { queuedRows: number }).queuedRows).toBe(0)
    release?.()
    await expect(running).resolves.toEqual([])
    await batcher.drain()
  })
})
