import { describe, expect, it } from 'vitest'
import { type Phase, parseOptions } from './options'
import type { PhaseResult } from './results'
import type { RunContext } from './run-context'
import {
  failedRow,
  type PhaseRunner,
  planRun,
  RUNNERS,
  runPhases,
  STORED_PASS_SHIFT_DAYS,
} from './run-phases'

describe('failedRow', () => {
  it('keeps the first line of the error without the folders it names', () => {
    const row = failedRow(
      'realtime',
      'bun /srv/x/apps/server/src/main.ts exited with 1: boom\n    at /srv/x/y.ts:1',
    )
    expect(row.name).toBe('realtime: failed')
    expect(row.note).toBe('bun main.ts exited with 1: boom')
    expect(row.requestsPerSecond).toBe(0)
  })
})

describe('planRun', () => {
  it('runs every phase once when no history is stored', () => {
    const phases = parseOptions([]).phases
    expect(planRun(phases, 0)).toEqual([{ kind: 'phases', phases, storedPunches: 0 }])
  })

  it('runs the ingest phases on the empty table, seeds, runs them again, then the rest', () => {
    const phases = parseOptions([]).phases
    expect(planRun(phases, 10_000_000)).toEqual([
      {
        kind: 'phases',
        phases: [
          'ceiling-http',
          'polls',
          'polls-legacy',
          'realtime',
          'batch100',
          'batch500',
          'ceiling-copy',
        ],
        storedPunches: 0,
      },
      { kind: 'seed' },
      {
        kind: 'phases',
        phases: ['realtime', 'batch100', 'batch500', 'ceiling-copy'],
        storedPunches: 10_000_000,
      },
      {
        kind: 'phases',
        phases: ['rss10k', 'fleet100k', 'provision', 'attendance', 'timesheets'],
        storedPunches: 10_000_000,
      },
    ])
  })

  it('seeds first when no ingest phase is chosen, as before', () => {
    expect(planRun(['polls', 'attendance'], 1000)).toEqual([
      { kind: 'seed' },
      { kind: 'phases', phases: ['polls', 'attendance'], storedPunches: 1000 },
    ])
  })
})

function fakeRow(phase: Phase, punchesPerSecond: number): PhaseResult {
  const names: Partial<Record<Phase, string>> = {
    realtime: 'realtime: single-punch ATTLOG',
    batch100: 'batch100: 100-line ATTLOG',
    'ceiling-copy': 'ceiling-copy: Postgres COPY',
  }
  return {
    phase,
    name: names[phase] ?? `${phase}: x`,
    terminals: 1000,
    connections: 100,
    seconds: 15,
    requests: 1,
    requestsPerSecond: 1,
    punchesPerSecond,
    errors: 0,
    unexpected: 0,
    ...(phase === 'ceiling-copy' ? {} : { ceiling: 'copy' as const }),
  }
}

describe('runPhases', () => {
  it('measures the ingest phases on both sides of the seeding, each against its own COPY ceiling', async () => {
    const calls: string[] = []
    // the figures drop once the history is stored: COPY halves, the batches a third
    const runner =
      (phase: Phase, empty: number, stored: number): PhaseRunner =>
      async (ctx) => {
        const shift = ctx.epochShiftDays ?? 0
        calls.push(`${phase}+${shift}`)
        return [fakeRow(phase, shift > 0 ? stored : empty)]
      }
    const runners = {
      ...RUNNERS,
      realtime: runner('realtime', 16_000, 14_000),
      batch100: runner('batch100', 90_000, 40_000),
      'ceiling-copy': runner('ceiling-copy', 100_000, 50_000),
      rss10k: runner('rss10k', 0, 0),
    }
    const options = {
      ...parseOptions(['--phases', 'realtime,batch100,ceiling-copy,rss10k', '--no-profile']),
      storedPunches: 10_000_000,
    }
    const ctx: RunContext = { options, cores: 2, pgliteDir: '', log: () => {} }
    const outcome = await runPhases(
      ctx,
      async () => {
        calls.push('seed')
        return 12.5
      },
      runners,
    )
    expect(calls).toEqual([
      'realtime+0',
      'batch100+0',
      'ceiling-copy+0',
      'seed',
      `realtime+${STORED_PASS_SHIFT_DAYS}`,
      `batch100+${STORED_PASS_SHIFT_DAYS}`,
      `ceiling-copy+${STORED_PASS_SHIFT_DAYS}`,
      'rss10k+0',
    ])
    expect(outcome.storedSeedSeconds).toBe(12.5)
    const byName = Object.fromEntries(outcome.results.map((r) => [r.name, r]))
    expect(Object.keys(byName)).toEqual([
      'realtime: single-punch ATTLOG',
      'batch100: 100-line ATTLOG',
      'ceiling-copy: Postgres COPY',
      'realtime: single-punch ATTLOG, beside 10,000,000 stored',
      'batch100: 100-line ATTLOG, beside 10,000,000 stored',
      'ceiling-copy: Postgres COPY, beside 10,000,000 stored',
      'rss10k: x',
    ])
    const empty = byName['batch100: 100-line ATTLOG']
    const stored = byName['batch100: 100-line ATTLOG, beside 10,000,000 stored']
    expect(empty?.storedPunches).toBeUndefined()
    expect(stored?.storedPunches).toBe(10_000_000)
    // 90,000 of 100,000 on the empty table; 40,000 of the 50,000 measured beside the history
    expect(empty?.ratio).toBeCloseTo(0.9)
    expect(stored?.ratio).toBeCloseTo(0.8)
    expect(empty?.target?.met).toBe(true)
    expect(stored?.target).toMatchObject({ met: true, figure: '80 % (40,000 punches/s)' })
    expect(byName['realtime: single-punch ATTLOG, beside 10,000,000 stored']?.target?.met).toBe(
      false,
    )
  })

  it('profiles a phase that missed its target only when its runner can profile the server', async () => {
    const calls: string[] = []
    const missed =
      (phase: Phase, name: string): PhaseRunner =>
      async (_ctx, dir) => {
        calls.push(`${phase}${dir ? ' profiled' : ''}`)
        // a month that takes a minute misses its 30 s; 1,000 punches/s misses 15,000/s
        return [{ ...fakeRow(phase, 1000), name, seconds: 60 }]
      }
    const runners = {
      ...RUNNERS,
      realtime: missed('realtime', 'realtime: single-punch ATTLOG'),
      timesheets: missed('timesheets', 'timesheet month: x'),
    }
    const options = {
      ...parseOptions(['--phases', 'realtime,timesheets', '--no-profile']),
      profile: true,
    }
    const ctx: RunContext = { options, cores: 2, pgliteDir: '', log: () => {} }
    const { results } = await runPhases(ctx, async () => 0, runners)
    expect(results.map((r) => r.target?.met)).toEqual([false, false])
    expect(calls).toEqual(['realtime', 'timesheets', 'realtime profiled'])
  })
})
