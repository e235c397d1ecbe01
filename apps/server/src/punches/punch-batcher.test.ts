import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../db'
import { DatabaseTimeout } from '../db/deadline'
import { punches } from '../db/schema'
import { silentLogger } from '../logger'
import { openTestDb, testDbKinds } from '../testing/test-databases'
import { type CopyRows, PunchBatcher, type PunchRow } from './punch-batcher'

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

  it('hands each group commit its stored rows once, before any caller is answered', async () => {
    const groups: string[][] = []
    let answered = 0
    const batcher = new PunchBatcher(database.db, silentLogger, {
      parallel: 1,
      afterCommit: async (rows) => {
        // Nobody whose rows are in this group has been answered yet.
        groups.push(rows.map((r) => `${r.pin}@${answered}`))
      },
    })
    const conflicting = { ...row('c', 30), verify: 15 }
    await batcher.insert([row('c', 30)])
    await Promise.all(
      [[row('a', 1)], [row('b', 2), row('b', 3)], [conflicting], [row('d', 4)]].map((rows) =>
        batcher.insert(rows).then(() => answered++),
      ),
    )
    // One call for the lone first insert, and one for the four callers that arrived while it ran: not one a caller.
    expect(groups.length).toBeLessThan(5)
    const later = groups.slice(1).flat()
    // The punch that collides with a stored one of another verify is not handed on; every other row is.
    expect(later.map((g) => g.split('@')[0]).sort()).toEqual(['a', 'b', 'b', 'd'])
    for (const g of groups.slice(1)) {
      const before = Number(g[0]?.split('@')[1])
      expect(g.every((x) => Number(x.split('@')[1]) === before)).toBe(true)
    }
  })

  it('fails the callers when what follows the commit fails, so they re-send', async () => {
    let fail = true
    const batcher = new PunchBatcher(database.db, silentLogger, {
      parallel: 1,
      afterCommit: async () => {
        if (fail) throw new Error('queue unavailable')
      },
    })
    await expect(batcher.insert([row('a', 1)])).rejects.toThrow('queue unavailable')
    fail = false
    // The re-send is acknowledged and stores nothing twice.
    await expect(batcher.insert([row('a', 1)])).resolves.toEqual([])
    expect(await database.db.select().from(punches)).toHaveLength(1)
  })

  it('coalesces concurrent callers, resolves each after commit, and ignores duplicates', async () => {
    const batcher = new PunchBatcher(database.db, silentLogger, { parallel: 1 })
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
    const batcher = new PunchBatcher(database.db, silentLogger, { parallel: 1 })
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
    const batcher = new PunchBatcher(database.db, silentLogger, { parallel: 1, maxQueueMs: 50 })
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

  describe('with COPY first', () => {
    /** The database's COPY, counting the statements that stored rows and those that fell back. */
    const countingCopy = () => {
      const calls = { stored: 0, failed: 0 }
      const copy: CopyRows = async (table, columns, text) => {
        try {
          await database.copyFrom(table, columns, text)
          calls.stored++
        } catch (e) {
          calls.failed++
          throw e
        }
      }
      return { calls, copy }
    }
    const pins = async () => (await database.db.select().from(punches)).map((p) => p.pin).sort()

    it('stores a fresh batch with one COPY, free text fields escaped', async () => {
      const { calls, copy } = countingCopy()
      const batcher = new PunchBatcher(database.db, silentLogger, { parallel: 1, copy })
      const odd = { ...row('b\\s', 5), workCode: 'tab\there\\', extra: { note: 'line\nbreak' } }
      await expect(
        batcher.insert([row('a', 1), odd, { ...row('z', 6), assumedZone: 'Asia/Dhaka' }]),
      ).resolves.toEqual([])
      expect(calls).toEqual({ stored: 1, failed: 0 })
      const stored = await database.db.select().from(punches)
      const back = stored.find((p) => p.pin === 'b\\s')
      expect([back?.workCode, back?.extra, back?.punchedAt.toISOString()]).toEqual([
        'tab\there\\',
        { note: 'line\nbreak' },
        '2025-01-15T14:00:05.000Z',
      ])
      expect(stored.find((p) => p.pin === 'z')?.assumedZone).toBe('Asia/Dhaka')
      expect(stored.find((p) => p.pin === 'a')?.extra).toBeNull()
    })

    it('falls back to the insert for a batch colliding with stored punches, and keeps the new ones', async () => {
      const { calls, copy } = countingCopy()
      const batcher = new PunchBatcher(database.db, silentLogger, { parallel: 1, copy })
      await batcher.insert([row('a', 1), row('b', 2)])
      await expect(batcher.insert([row('b', 2), row('c', 3)])).resolves.toEqual([])
      expect(calls).toEqual({ stored: 1, failed: 1 })
      expect(await pins()).toEqual(['a', 'b', 'c'])
    })

    it('acknowledges a re-sent batch and adds nothing', async () => {
      const { calls, copy } = countingCopy()
      const batcher = new PunchBatcher(database.db, silentLogger, { parallel: 1, copy })
      const batch = [row('a', 1), row('b', 2), row('c', 3)]
      await batcher.insert(batch)
      await expect(batcher.insert(batch)).resolves.toEqual([])
      // a re-send inside one batch too: COPY refuses its own duplicate, the insert ignores it
      await expect(batcher.insert([row('d', 4), row('d', 4)])).resolves.toEqual([])
      expect(calls).toEqual({ stored: 1, failed: 2 })
      expect(await pins()).toEqual(['a', 'b', 'c', 'd'])
    })

    it('reports a dedupe conflict with a stored punch, and stores the rest of the batch', async () => {
      const { copy } = countingCopy()
      const batcher = new PunchBatcher(database.db, silentLogger, { parallel: 1, copy })
      await batcher.insert([row('a', 1)])
      const [stored] = await database.db.select().from(punches)
      const conflicts = await batcher.insert([row('n', 7), { ...row('a', 1), verify: 15 }])
      expect(conflicts).toEqual([{ index: 1, punchId: stored?.id }])
      expect(await pins()).toEqual(['a', 'n'])
      const kept = await database.db.select().from(punches)
      expect(kept.find((p) => p.pin === 'a')?.verify).toBe(1)
    })

    it('keeps each caller to its own rows when the group falls back', async () => {
      const { copy } = countingCopy()
      const batcher = new PunchBatcher(database.db, silentLogger, { parallel: 1, copy })
      await batcher.insert([row('a', 1)])
      const bad = { ...row('x', 9), status: 'not a number' as unknown as number }
      const results = await Promise.allSettled([
        batcher.insert([row('p', 2)]),
        batcher.insert([row('q', 3), { ...row('a', 1), workCode: '7' }]),
        batcher.insert([bad]),
        batcher.insert([row('a', 1), row('r', 4)]),
      ])
      expect(results.map((r) => r.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
      ])
      expect(results[1]).toMatchObject({ value: [{ index: 1 }] })
      expect(results[3]).toMatchObject({ value: [] })
      expect(await pins()).toEqual(['a', 'p', 'q', 'r'])
    })
  })
})
