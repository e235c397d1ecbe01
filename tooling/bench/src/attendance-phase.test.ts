import { describe, expect, it } from 'vitest'
import { listCases, memoryRow } from './attendance-phase'
import type { SeedShape } from './attendance-seed'
import type { ExportFigures } from './results'

const shape: SeedShape = {
  people: 10_000,
  punches: 1_000_000,
  devices: 300,
  groups: 100,
  startEpoch: 1_764_547_200,
  days: 365,
}

describe('attendance list cases', () => {
  it('times only the filters the route documents', () => {
    const cases = listCases(new Set(['pin', 'limit', 'cursor']), shape)
    expect(cases.map((c) => c.filter)).toEqual(['no filter', 'pin'])
    expect(cases[1]?.queries).toEqual([
      { pin: '1' },
      { pin: '2001' },
      { pin: '4001' },
      { pin: '6001' },
      { pin: '8001' },
    ])
  })

  it('fills device, month and group filters with seeded values', () => {
    const cases = listCases(new Set(['sn', 'from', 'to', 'group']), shape)
    expect(cases.map((c) => c.filter)).toEqual(['no filter', 'device', 'one month', 'group'])
    expect(cases[1]?.queries[1]).toEqual({ sn: 'ATT00060' })
    expect(cases[2]?.queries).toContainEqual({
      from: '2026-09-01T00:00:00Z',
      to: '2026-10-01T00:00:00Z',
    })
    expect(cases[3]?.queries[0]).toEqual({ group: '1' })
  })
})

describe('export memory row', () => {
  const figures = (rows: number, bytes: number, peak: number): ExportFigures => ({
    rows,
    expectedRows: rows,
    bytes,
    seconds: 1,
    rowsPerSecond: rows,
    rssBeforeMB: 80,
    rssPeakMB: peak,
  })

  it('compares the growth of the shorter and the longer export', () => {
    const r = memoryRow(
      figures(250_000, 30 * 1024 * 1024, 150),
      figures(1_000_000, 120 * 1024 * 1024, 160),
    )
    expect(r.exportMemory).toEqual({
      rowsShort: 250_000,
      rowsLong: 1_000_000,
      growthShortMB: 70,
      growthLongMB: 80,
      extraCsvMB: 90,
    })
  })
})
