import { asc, desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../db'
import { people, punchCorrections, punches } from '../db/schema'
import { silentLogger } from '../logger'
import { openTestDb, testDbKinds } from '../testing/test-databases'
import { NO_LOCKED_PERIODS, PunchPartitions } from './partitions'
import { type PunchFilter, punchFilterSql } from './punch-filter'
import { listPunches, type PunchQuery, type PunchSort } from './punch-list'

const NOW = new Date('2026-06-15T12:00:00Z')
const HOUR = 3_600_000

/** `local_time` of an instant on a device `offsetHours` from UTC. */
function wallClock(at: Date, offsetHours: number): string {
  return new Date(at.getTime() + offsetHours * HOUR).toISOString().slice(0, 19).replace('T', ' ')
}

/**
 * Punches over half a year and beyond, where a page walked window by window could go wrong: instants shared by
 * several punches (the id breaks the tie), the hours either side of month boundaries stamped by devices 14 h ahead
 * of UTC and 12 h behind (their wall clock is in the other month's partition), February's partition empty between
 * filled months, April without a partition (its punches are in the default partition), clocks far off (2000,
 * 2099, in the default partition too), PINs of no person, and corrected punches.
 */
function fixture() {
  const rows: Array<typeof punches.$inferInsert> = []
  const devices = ['G1', 'G2', 'G3', 'SOLO']
  const add = (at: Date, i: number, offset = (i % 3) - 1) =>
    rows.push({
      sn: devices[i % 4] ?? 'SOLO',
      pin: String(1 + (i % 6)),
      localTime: wallClock(at, offset),
      punchedAt: at,
      status: i % 2,
      verify: 1,
    })
  let i = 0
  for (const day of [
    '2026-01-05',
    '2026-01-30',
    '2026-03-02',
    '2026-03-31',
    '2026-04-10',
    '2026-05-20',
  ]) {
    for (let k = 0; k < 6; k++) add(new Date(`${day}T0${k}:00:00Z`), i++)
  }
  // Month boundaries read from the far zones.
  for (const edge of ['2026-03-01T00:00:00Z', '2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z']) {
    const t = Date.parse(edge)
    for (const [shift, offset] of [
      [-3, 14],
      [-1, 14],
      [1, -12],
      [4, -12],
      [-2, 0],
    ] as const) {
      add(new Date(t + shift * HOUR), i++, offset)
    }
  }
  // One instant, many punches (distinct devices and PINs keep them apart for dedupe).
  for (let k = 0; k < 5; k++) add(new Date('2026-06-10T08:00:00Z'), i++, 0)
  for (let k = 0; k < 8; k++)
    add(new Date(`2026-06-${String(11 + k).padStart(2, '0')}T09:30:00Z`), i++)
  add(new Date('2099-05-01T09:00:00Z'), i++, 0)
  add(new Date('2000-01-01T00:00:10Z'), i++, 0)
  return rows
}

const FILTERS: Array<[string, PunchFilter]> = [
  ['everything', {}],
  ['a device', { sn: 'G2' }],
  ['a person', { pin: '3' }],
  ['a group', { sns: ['G1', 'G2', 'G3'] }],
  ['a group named twice over', { sns: ['G3', 'G1', 'G3'] }],
  ['an empty group', { sns: [] }],
  ['a group and a device of it', { sns: ['G1', 'G2'], sn: 'G2' }],
  ['a group and a person', { sns: ['G1', 'SOLO'], pin: '1' }],
  ['unknown people', { unknownPerson: true }],
  ['with corrected versions', { includeCorrected: true }],
  ['a group with corrected versions', { sns: ['G1', 'G2', 'G3'], includeCorrected: true }],
  [
    'across month boundaries',
    { from: new Date('2026-02-28T20:00:00Z'), to: new Date('2026-06-01T03:00:00Z') },
  ],
  ['from a date', { from: new Date('2026-03-31T02:30:00Z') }],
  ['up to a date', { to: new Date('2026-05-01T01:00:00Z') }],
  ['up to a far-off date', { to: new Date('2100-01-01T00:00:00Z') }],
  ['from a far-off date', { from: new Date('1990-01-01T00:00:00Z') }],
  [
    'a group in a range',
    {
      sns: ['G1', 'G2', 'G3'],
      from: new Date('2026-01-30T00:00:00Z'),
      to: new Date('2026-06-12T00:00:00Z'),
    },
  ],
]

describe.each(testDbKinds())('the attendance list on %s', { timeout: 120_000 }, (kind) => {
  let database: Database
  beforeAll(async () => {
    database = await openTestDb(kind)
    const db = database.db
    await new PunchPartitions({
      db,
      log: silentLogger,
      retentionMonths: 0,
      locks: NO_LOCKED_PERIODS,
    }).ensureMonths([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
    ])
    await db
      .insert(people)
      .values(['1', '2', '3', '4'].map((pin) => ({ pin, name: `Person ${pin}` })))
    const stored = await db.insert(punches).values(fixture()).returning()
    // A void and an edit: the corrected view hides both originals and lists the edit's new version.
    const [voided, edited] = [stored[7], stored[40]]
    if (!voided || !edited) throw new Error('fixture too small')
    const [replacement] = await db
      .insert(punches)
      .values({
        ...edited,
        id: undefined,
        localTime: wallClock(edited.punchedAt, 2),
        source: 'correction',
      })
      .returning()
    await db.insert(punchCorrections).values([
      { punchId: voided.id, action: 'void', reason: 'twice', createdBy: 'test' },
      {
        punchId: edited.id,
        action: 'edit',
        replacementId: replacement?.id ?? null,
        reason: 'late',
        createdBy: 'test',
      },
    ])
  }, 60_000)
  afterAll(async () => {
    await database.close()
  })

  /** Every matching punch in one statement over the whole table, as the list read before it walked by month. */
  async function reference(f: PunchFilter, sort: PunchSort) {
    const order = sort === 'newest' ? desc : asc
    const rows = await database.db
      .select({ id: punches.id, name: people.name })
      .from(punches)
      .leftJoin(people, eq(people.pin, punches.pin))
      .where(punchFilterSql(f))
      .orderBy(order(punches.punchedAt), order(punches.id))
    return rows.map((r) => `${r.id} ${r.name}`)
  }

  /** Every page of the list, following `nextCursor`; each full page but the last. */
  async function pages(q: Omit<PunchQuery, 'cursor'>) {
    const seen: string[] = []
    let cursor: string | null = null
    for (let guard = 0; guard < 500; guard++) {
      const page = await listPunches(database.db, { ...q, ...(cursor ? { cursor } : {}) }, NOW)
      seen.push(...page.items.map((p) => `${p.id} ${p.personName}`))
      cursor = page.nextCursor
      if (!cursor) {
        expect(page.items.length).toBeLessThanOrEqual(q.limit)
        return seen
      }
      expect(page.items).toHaveLength(q.limit)
    }
    throw new Error('the list never ended')
  }

  it.each(FILTERS)('pages %s exactly as one statement over the whole table would', async (_, f) => {
    for (const sort of ['newest', 'oldest'] as const) {
      const expected = await reference(f, sort)
      for (const limit of [3, 17, 1000]) {
        expect(await pages({ ...f, sort, limit }), `${sort}, ${limit} a page`).toEqual(expected)
      }
    }
  })

  it('lists the far-off clocks of the default partition at either end, and the corrections beside their punches', async () => {
    const newest = await listPunches(database.db, { limit: 2, sort: 'newest' }, NOW)
    expect(newest.items.map((p) => p.localTime)).toEqual([
      '2099-05-01 09:00:00',
      expect.any(String),
    ])
    const oldest = await listPunches(database.db, { limit: 1, sort: 'oldest' }, NOW)
    expect(oldest.items.map((p) => p.localTime)).toEqual(['2000-01-01 00:00:10'])
    const all = await listPunches(
      database.db,
      { limit: 1000, sort: 'oldest', sns: ['G1', 'G2', 'G3', 'SOLO'], includeCorrected: true },
      NOW,
    )
    expect(all.items.filter((p) => p.correctedBy).map((p) => p.correctedBy?.action)).toEqual([
      'void',
      'edit',
    ])
    expect(all.items.filter((p) => p.corrects).map((p) => p.corrects?.reason)).toEqual(['late'])
    // April has no partition: its punches are listed from the default partition.
    expect(
      all.items.filter((p) => p.punchedAt.toISOString().startsWith('2026-04-10')),
    ).toHaveLength(6)
  })
})
