import { describe, expect, it } from 'vitest'
import { type PageWindow, pageWindows, type WalkStart } from './page-windows'

const NOW = new Date('2026-06-15T12:00:00Z')
/** January to September 2026: the server's three months ahead of June, and no April (its punches are in the default partition). */
const MONTHS = [
  '2026-01',
  '2026-02',
  '2026-03',
  '2026-05',
  '2026-06',
  '2026-07',
  '2026-08',
  '2026-09',
]

/** The windows as `from..to` texts (an open end is empty), and how often the months were asked for. */
async function walk(start: Partial<WalkStart> & Pick<WalkStart, 'newestFirst'>) {
  let asked = 0
  const out: string[] = []
  const day = (d: Date | undefined) => d?.toISOString().slice(0, 10) ?? ''
  for await (const w of pageWindows({
    now: NOW,
    months: async () => {
      asked++
      return MONTHS
    },
    ...start,
  }) as AsyncGenerator<PageWindow>) {
    out.push(`${day(w.from)}..${day(w.to)}`)
  }
  return { windows: out, asked }
}

describe('page windows', () => {
  it('newest first starts at this month and the last, open above them, doubles back, and ends open below the oldest month', async () => {
    expect(await walk({ newestFirst: true })).toEqual({
      windows: ['2026-05-01..', '2026-03-01..2026-05-01', '2025-11-01..2026-03-01', '..2025-11-01'],
      asked: 1,
    })
  })

  it("newest first from a cursor starts at the cursor's month and the one before, and stops at the list's own lower bound", async () => {
    const after = new Date('2026-03-15T09:00:00.123Z')
    expect(
      (await walk({ newestFirst: true, after, from: new Date('2026-01-10T00:00:00Z') })).windows,
    ).toEqual(['2026-02-01..', '2025-12-01..2026-02-01'])
    // Within its first month: one statement, and the months are never asked for.
    expect(
      await walk({
        newestFirst: true,
        from: new Date('2026-06-01T00:00:00Z'),
        to: new Date('2026-07-01T00:00:00Z'),
      }),
    ).toEqual({ windows: ['2026-05-01..'], asked: 0 })
  })

  it('oldest first starts open below the oldest month, doubles forward, and ends open above the newest', async () => {
    expect(await walk({ newestFirst: false })).toEqual({
      windows: [
        '..2026-03-01',
        '2026-03-01..2026-05-01',
        '2026-05-01..2026-09-01',
        '2026-09-01..2027-05-01',
        '2027-05-01..',
      ],
      asked: 1,
    })
    expect(
      (
        await walk({
          newestFirst: false,
          after: new Date('2026-05-31T23:00:00Z'),
          to: new Date('2026-07-02T00:00:00Z'),
        })
      ).windows,
    ).toEqual(['..2026-07-01', '2026-07-01..2026-09-01'])
  })

  it('starts no later than this month newest first, and no earlier than the oldest month oldest first', async () => {
    expect(
      (await walk({ newestFirst: true, to: new Date('2099-01-01T00:00:00Z') })).windows,
    ).toEqual(['2026-05-01..', '2026-03-01..2026-05-01', '2025-11-01..2026-03-01', '..2025-11-01'])
    expect(
      (await walk({ newestFirst: false, from: new Date('1999-12-31T00:00:00Z') })).windows[0],
    ).toEqual('..2026-03-01')
  })

  it('reads the whole table in one statement when no partition could hold the start, or none exists', async () => {
    expect(
      (await walk({ newestFirst: true, after: new Date('1900-01-01T00:00:00Z') })).windows,
    ).toEqual(['..'])
    let asked = 0
    const windows: PageWindow[] = []
    for await (const w of pageWindows({
      newestFirst: false,
      now: NOW,
      months: async () => {
        asked++
        return []
      },
    }))
      windows.push(w)
    expect({ windows, asked }).toEqual({ windows: [{}], asked: 1 })
  })
})
