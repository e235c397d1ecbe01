import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testConfig } from '../config'
import type { Database } from '../db'
import { openPostgres } from '../db/postgres'
import { silentLogger } from '../logger'
import { createServices, type Services } from '../services'
import { type DbKind, openTestDb, testDbKinds } from '../testing/test-databases'

/** Two connections to one database: two server processes on PGlite share one handle, on Postgres not. */
async function twoHandles(
  kind: DbKind,
): Promise<{ a: Database; b: Database; close(): Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openTestDb('pglite')
    return { a: db, b: db, close: () => db.close() }
  }
  const first = await openTestDb('postgres')
  const url = process.env.DATABASE_URL as string
  // The test database's name is private to openTestDb: find it through the first connection.
  // postgres.js returns the rows as an array.
  const [row] = (await first.db.execute(
    sql`select current_database() as name`,
  )) as unknown as Array<{
    name: string
  }>
  const dbUrl = new URL(url)
  dbUrl.pathname = `/${row?.name}`
  const second = await openPostgres({ url: dbUrl.toString(), max: 5 })
  return {
    a: first,
    b: second,
    async close() {
      await second.close()
      await first.close()
    },
  }
}

describe.each(testDbKinds())('concurrent claiming on %s', { timeout: 30_000 }, (kind) => {
  let handles: Awaited<ReturnType<typeof twoHandles>>
  let one: Services
  let two: Services
  beforeEach(async () => {
    handles = await twoHandles(kind)
    const config = testConfig({ adminToken: 'test-admin-token-0123456789' })
    one = await createServices({ database: handles.a, config, log: silentLogger })
    two = await createServices({ database: handles.b, config, log: silentLogger })
    await one.start()
    await two.start()
  }, 60_000)
  afterEach(async () => {
    await one.stop()
    await two.stop()
    await handles.close()
  })

  it('gives commands queued at once by two processes distinct numeric ids', async () => {
    const batch = (sn: string) =>
      Array.from({ length: 25 }, () => ({
        sn,
        type: 'info' as const,
        command: { type: 'INFO' as const },
      }))
    const [a, b] = await Promise.all([
      one.commands.enqueueMany(batch('IDS1')),
      two.commands.enqueueMany(batch('IDS2')),
    ])
    const ids = [...(a ?? []), ...(b ?? [])].map((q) => q.id)
    expect(ids).toHaveLength(50)
    expect(new Set(ids).size).toBe(50)
    for (const id of ids) expect(Number.isInteger(id) && id >= 1 && id < 2 ** 31).toBe(true)
  })

  it('never hands one command to both processes, and loses none', async () => {
    const sn = 'CONC1'
    const queued = await one.commands.enqueueMany(
      Array.from({ length: 40 }, (_, i) => ({
        sn,
        type: 'raw',
        command: {
          type: 'DATA QUERY' as const,
          table: 'USERINFO',
          condition: [['PIN', String(i)]],
        },
      })),
    )
    const delivered: number[] = []
    for (let round = 0; round < 10 && delivered.length < queued.length; round++) {
      const [x, y] = await Promise.all([
        one.commands.claimForDelivery(sn),
        two.commands.claimForDelivery(sn),
      ])
      delivered.push(...x.map((c) => c.id), ...y.map((c) => c.id))
    }
    expect(new Set(delivered).size).toBe(delivered.length)
    expect(new Set(delivered)).toEqual(new Set(queued.map((q) => q.id)))
  })

  it('tells the other process through NOTIFY that a device has work', async () => {
    const sn = 'CONC2'
    expect(await two.commands.claimForDelivery(sn)).toEqual([])
    expect(two.commands.nothingDue(sn)).toBe(true)
    await one.commands.enqueue({ sn, type: 'info', command: { type: 'INFO' } })
    await expect.poll(() => two.commands.nothingDue(sn)).toBe(false)
    expect((await two.commands.claimForDelivery(sn)).map((c) => c.text)).toEqual(['INFO'])
  })
})
