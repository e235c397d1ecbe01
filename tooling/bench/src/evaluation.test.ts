import { describe, expect, it } from 'vitest'
import {
  applyCeilings,
  checkTarget,
  checkTargets,
  constantMemory,
  cpuCost,
  describeLimit,
  evaluate,
  ratio,
} from './evaluation'
import type { PhaseResult } from './results'

function row(partial: Partial<PhaseResult> & Pick<PhaseResult, 'phase' | 'name'>): PhaseResult {
  return {
    terminals: 1000,
    connections: 1000,
    seconds: 10,
    requests: 0,
    requestsPerSecond: 0,
    errors: 0,
    unexpected: 0,
    ...partial,
  }
}

const rows = [
  row({ phase: 'ceiling-http', name: 'ceiling-http: x', requestsPerSecond: 50_000 }),
  row({ phase: 'ceiling-copy', name: 'ceiling-copy: x', punchesPerSecond: 200_000 }),
  row({
    phase: 'ceiling-http',
    name: 'ceiling-http, paced: x',
    requestsPerSecond: 1000,
    latencyMs: { p50: 1, p95: 5, p99: 20, max: 30 },
  }),
  row({ phase: 'polls', name: 'polls, saturating: x', requestsPerSecond: 19_000, ceiling: 'http' }),
  row({ phase: 'batch100', name: 'batch100: x', punchesPerSecond: 170_000, ceiling: 'copy' }),
  row({ phase: 'batch500', name: 'batch500: x', punchesPerSecond: 150_000, ceiling: 'copy' }),
  row({ phase: 'realtime', name: 'realtime: x', punchesPerSecond: 16_000, ceiling: 'copy' }),
  row({
    phase: 'polls',
    name: 'polls, paced: x',
    ceiling: 'http-latency',
    latencyMs: { p50: 1, p95: 20, p99: 60, max: 90 },
  }),
  row({ phase: 'rss10k', name: 'rss10k: x', serverRssPeakMB: 180 }),
]

describe('ratios and targets', () => {
  it('divides by the ceiling and refuses a missing or zero one', () => {
    expect(ratio(30, 120)).toBe(0.25)
    expect(ratio(30, 0)).toBeUndefined()
    expect(ratio(undefined, 10)).toBeUndefined()
  })

  it('compares each row with the ceiling it names', () => {
    const out = Object.fromEntries(applyCeilings(rows).map((r) => [r.name, r.ratio]))
    expect(out['polls, saturating: x']).toBeCloseTo(0.38)
    expect(out['batch100: x']).toBeCloseTo(0.85)
    expect(out['batch500: x']).toBeCloseTo(0.75)
    expect(out['realtime: x']).toBeCloseTo(0.08)
    expect(out['polls, paced: x']).toBe(3)
    expect(out['rss10k: x']).toBeUndefined()
  })

  it('checks every target on the row it belongs to', () => {
    const out = evaluate(rows, 2)
    const met = Object.fromEntries(out.filter((r) => r.target).map((r) => [r.name, r.target?.met]))
    expect(met).toEqual({
      'polls, saturating: x': false,
      'batch100: x': true,
      'batch500: x': false,
      'realtime: x': true,
      'polls, paced: x': false,
      'rss10k: x': true,
    })
    expect(out.find((r) => r.name === 'polls, saturating: x')?.target?.figure).toBe('38 %')
  })

  it('reads the limit from CPU shares and errors', () => {
    const busy = row({
      phase: 'polls',
      name: 'p',
      cpu: { generator: 0.3, server: 0.5, machine: 0.95 },
    })
    expect(describeLimit(busy, 2)).toContain('CPU-bound')
    const oneThread = row({
      phase: 'polls',
      name: 'p',
      cpu: { generator: 0.1, server: 0.26, machine: 0.5 },
    })
    expect(describeLimit(oneThread, 4)).toContain('server JS thread saturated')
    const idle = row({
      phase: 'polls',
      name: 'p',
      errors: 3,
      cpu: { generator: 0.1, server: 0.1, machine: 0.3 },
    })
    expect(describeLimit(idle, 2)).toMatch(/^3 socket errors; cores not saturated/)
    const shared = row({
      phase: 'polls',
      name: 'p',
      cpu: { generator: 0.1, server: 0.2, postgres: 0.2, machine: 0.9 },
    })
    expect(describeLimit(shared, 2)).toContain('other processes took 40 %')
  })

  it('turns CPU shares into CPU time per request and per stored punch', () => {
    const batch = row({
      phase: 'batch100',
      name: 'b',
      requestsPerSecond: 200,
      punchesPerSecond: 20_000,
      cpu: { generator: 0.05, server: 0.25, postgres: 0.5, machine: 0.9 },
    })
    expect(cpuCost(batch, 2)).toBe(
      'CPU cost: server 2500.0 µs/request, server 25.0 µs/punch, Postgres 50.0 µs/punch',
    )
    expect(cpuCost(row({ phase: 'polls', name: 'p' }), 2)).toBeUndefined()
  })

  it('checks provisioning against 10 polls per terminal and every terminal holding exactly its people', () => {
    const done = (maxPolls: number, complete = 100) =>
      evaluate(
        [
          row({
            phase: 'provision',
            name: 'provision: 5,000 people onto 100 terminals',
            terminals: 100,
            seconds: 12.34,
            provision: { maxPolls, meanPolls: maxPolls, people: 5000, complete },
          }),
        ],
        2,
      )[0]?.target
    expect(done(3)).toEqual({
      text: 'every terminal provisioned with exactly 5,000 people within 10 of its polls',
      met: true,
      figure: '3 polls, 100 of 100 terminals with 5,000 records, 12.3 s',
    })
    expect(done(25)?.met).toBe(false)
    // Few polls prove nothing when most terminals were left short (a poll answered OK with commands queued).
    expect(done(2, 8)).toMatchObject({
      met: false,
      figure: '2 polls, 8 of 100 terminals with 5,000 records, 12.3 s',
    })
  })

  it('checks the attendance list at p99 < 50 ms and the export at 50,000 rows/s', () => {
    const list = (p99: number) =>
      checkTarget(
        row({
          phase: 'attendance',
          name: 'attendance list: pin, deep page (~50 rows in)',
          latencyMs: { p50: 1, p95: 2, p99, max: p99 },
        }),
      )
    expect(list(12.34)).toMatchObject({ met: true, figure: 'p99 12.3 ms' })
    expect(list(50)?.met).toBe(false)
    const exported = (rowsPerSecond: number) =>
      checkTarget(
        row({
          phase: 'attendance',
          name: 'attendance export: one month (June 2026), CSV, every person',
          exportFigures: {
            rows: 80_000,
            expectedRows: 80_000,
            bytes: 9_000_000,
            seconds: 80_000 / rowsPerSecond,
            rowsPerSecond,
            rssBeforeMB: 80,
            rssPeakMB: 100,
          },
        }),
      )
    expect(exported(61_234.4)).toMatchObject({ met: true, figure: '61,234 rows/s' })
    expect(exported(49_999)?.met).toBe(false)
    expect(checkTarget(row({ phase: 'attendance', name: 'attendance seed: x' }))).toBeUndefined()
  })

  it('calls the export constant-memory when the longer one does not grow RSS with its bytes', () => {
    const memory = { rowsShort: 80_000, rowsLong: 240_000, growthShortMB: 20, extraCsvMB: 20 }
    expect(constantMemory({ ...memory, growthLongMB: 24 })).toEqual({
      text: 'the export streams in constant memory (RSS growth does not scale with rows)',
      met: true,
      figure: 'RSS +20 MB for 80,000 rows, +24 MB for 240,000 (limit +30 MB)',
    })
    // a server that buffers the reply needs at least the extra CSV again
    expect(constantMemory({ ...memory, growthLongMB: 60 }).met).toBe(false)
    const both = evaluate(
      [
        row({
          phase: 'attendance',
          name: 'attendance export memory: x',
          exportMemory: { ...memory, growthLongMB: 21 },
        }),
      ],
      2,
    )
    expect(both[0]?.target?.met).toBe(true)
  })

  it('compares a row beside stored history with the COPY ceiling measured beside the same history', () => {
    const out = applyCeilings([
      row({ phase: 'ceiling-copy', name: 'ceiling-copy: x', punchesPerSecond: 200_000 }),
      row({
        phase: 'ceiling-copy',
        name: 'ceiling-copy: x, beside 5 stored',
        punchesPerSecond: 100_000,
        storedPunches: 5,
      }),
      row({ phase: 'batch100', name: 'batch100: x', punchesPerSecond: 150_000, ceiling: 'copy' }),
      row({
        phase: 'batch100',
        name: 'batch100: x, beside 5 stored',
        punchesPerSecond: 90_000,
        ceiling: 'copy',
        storedPunches: 5,
      }),
    ])
    expect(out.map((r) => r.ratio)).toEqual([undefined, undefined, 0.75, 0.9])
  })

  it('checks the fleet on memory with bytes per device, restart time and commits per poll, each on its own', () => {
    const fleet = (commitsPerPoll: number, restartSeconds: number) =>
      row({
        phase: 'fleet100k',
        name: 'fleet100k: 100000 terminals',
        requests: 150_000,
        serverRssPeakMB: 519.4,
        fleet: {
          terminals: 100_000,
          rssIdleMB: 76,
          rssPrimedMB: 244,
          rssKnownMB: 420,
          bytesPerDevice: 3604.4,
          commitsPerPoll,
          restartSeconds,
          restartP99Ms: 1670,
          restartCommitsPerPoll: 0.0003,
        },
      })
    const checks = checkTargets(fleet(33 / 150_000, 3.9))
    expect(checks.map((c) => [c.met, c.figure])).toEqual([
      [true, 'peak 519 MB, 420 MB once every device polled, 3,604 bytes per device'],
      [true, '3.9 s'],
      [true, '33 commits in 150,000 polls (0.0002 per poll)'],
    ])
    expect(checkTargets(fleet(1, 3.9)).map((c) => c.met)).toEqual([true, true, false])
    const [evaluated] = evaluate([fleet(33 / 150_000, 12)], 2)
    expect(evaluated?.targets?.map((t) => t.met)).toEqual([true, false, true])
    expect(evaluated?.target?.met).toBe(false)
  })

  it('names the terminals and the interval of the paced poll target from the row', () => {
    const paced = row({
      phase: 'polls',
      name: 'polls, paced: every 1 s',
      terminals: 2000,
      latencyMs: { p50: 1, p95: 2, p99: 3, max: 4 },
    })
    expect(checkTarget(paced)).toEqual({
      text: 'p99 < 50 ms, 2,000 terminals polling every 1 s',
      met: true,
      figure: '3.0 ms',
    })
  })
})
