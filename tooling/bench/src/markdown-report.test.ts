import { describe, expect, it } from 'vitest'
import { evaluate } from './evaluation'
import {
  BEGIN,
  besideStoredSection,
  END,
  formatCount,
  formatMarkdown,
  mergeMarkdown,
  unmeasuredTargets,
} from './markdown-report'
import type { BenchReport, PhaseResult } from './results'

const report: BenchReport = {
  startedAt: '2026-01-02T03:04:05.000Z',
  options: {
    quick: false,
    terminals: 1000,
    durationSeconds: 15,
    db: 'postgres',
    workers: 1,
    rssTerminals: 10000,
    pollIntervalSeconds: 1,
  },
  machine: {
    cores: 2,
    cpuModel: 'CPU',
    memoryGB: 4,
    os: 'Linux',
    bun: '1.4.5',
    database: 'PostgreSQL 15',
  },
  results: [
    {
      phase: 'realtime',
      name: 'realtime: single-punch ATTLOG',
      terminals: 1000,
      connections: 1000,
      seconds: 15,
      requests: 150_000,
      requestsPerSecond: 10_000,
      punches: 150_000,
      punchesPerSecond: 10_000,
      latencyMs: { p50: 4.2, p95: 20, p99: 35.55, max: 80 },
      serverRssPeakMB: 120.4,
      cpu: { generator: 0.2, server: 0.45, postgres: 0.3, machine: 0.99 },
      errors: 0,
      unexpected: 0,
      ceiling: 'copy',
      ratio: 0.1,
      target: { text: 'realtime ≥ 15,000', met: false, figure: '10000 punches/s' },
      limit: 'CPU-bound',
      hot: [{ name: 'insert src/ingest.ts:10', selfShare: 0.25 }],
    },
    {
      phase: 'polls',
      name: 'polls, paced: every 1 s',
      terminals: 1000,
      connections: 1000,
      seconds: 15,
      requests: 15_000,
      requestsPerSecond: 1000,
      latencyMs: { p50: 1, p95: 2, p99: 30, max: 40 },
      errors: 0,
      unexpected: 0,
      ceiling: 'http-latency',
      ratio: 3,
    },
  ],
}

describe('markdown report', () => {
  it('formats counts with separators', () => {
    expect(formatCount(12345.6)).toBe('12,346')
    expect(formatCount(undefined)).toBe('–')
  })

  it('renders the machine, one table row per result and the missed target with its profile', () => {
    const md = formatMarkdown(report)
    expect(md.startsWith(BEGIN)).toBe(true)
    expect(md.endsWith(END)).toBe(true)
    expect(md).toContain('2 cores (CPU), 4 GB RAM, Linux; Bun 1.4.5; PostgreSQL 15')
    expect(md).toContain(
      '| realtime: single-punch ATTLOG | 1,000 / 1,000 | 10,000 | 10,000 | 10 % of copy | 4.20 | 20.0 | 35.5 | 120 | 45 % / 30 % / 20 % / 99 % | **missed**: 10000 punches/s |',
    )
    expect(md).toContain(
      '| polls, paced: every 1 s | 1,000 / 1,000 | 1,000 | – | p99 3.0× bare server',
    )
    expect(md).toContain('  - Limit: CPU-bound.')
    expect(md).toContain('### Where the time goes\n\n- realtime: single-punch ATTLOG: CPU-bound.')
    expect(md).toContain('    - 25 % `insert src/ingest.ts:10`')
  })

  it('replaces only the generated block of an existing document', () => {
    const doc = `# B\n\nintro\n\n${BEGIN}\nold\n${END}\n\n## Analysis\nkept\n`
    const merged = mergeMarkdown(doc, `${BEGIN}\nnew\n${END}`)
    expect(merged).toBe(`# B\n\nintro\n\n${BEGIN}\nnew\n${END}\n\n## Analysis\nkept\n`)
    expect(mergeMarkdown(undefined, 'x')).toContain('# Benchmarks')
  })

  it("lists each of a row's targets with its figure", () => {
    const fleet: PhaseResult = {
      phase: 'fleet100k',
      name: 'fleet100k: 100000 terminals',
      terminals: 100_000,
      connections: 1000,
      seconds: 15,
      requests: 150_000,
      requestsPerSecond: 10_000,
      serverRssPeakMB: 519,
      errors: 0,
      unexpected: 0,
      fleet: {
        terminals: 100_000,
        rssIdleMB: 76,
        rssPrimedMB: 244,
        rssKnownMB: 420,
        bytesPerDevice: 3604,
        commitsPerPoll: 0.0002,
        restartSeconds: 3.9,
        restartP99Ms: 1670,
        restartCommitsPerPoll: 0.0003,
      },
    }
    const md = formatMarkdown({ ...report, results: evaluate([fleet], 2) })
    expect(md).toContain(
      '- Met — server RSS < 1 GB with 100,000 terminals known, each polling every 10 s: peak 519 MB, 420 MB once every device polled, 3,604 bytes per device (fleet100k: 100000 terminals).',
    )
    expect(md).toContain(
      '- Met — a restart with 100,000 devices known is serving within 10 s: 3.9 s (fleet100k: 100000 terminals).',
    )
    expect(md).toContain(
      '- Met — empty polls answered without a database round trip in steady state (< 0.01 commits per poll): 30 commits in 150,000 polls (0.0002 per poll) (fleet100k: 100000 terminals).',
    )
  })

  it('names every target the run gave no figure for, and why', () => {
    const lines = unmeasuredTargets({
      ...report,
      options: { ...report.options, phases: ['realtime', 'polls', 'attendance'] },
      results: [
        ...report.results.map((r) => ({
          ...r,
          ...(r.phase === 'polls' ? { target: { text: 'p99', met: true, figure: '30 ms' } } : {}),
        })),
        {
          phase: 'attendance',
          name: 'attendance: failed',
          terminals: 0,
          connections: 0,
          seconds: 0,
          requests: 0,
          requestsPerSecond: 0,
          errors: 0,
          unexpected: 0,
        },
      ],
    })
    // realtime and the paced polls have their figures (a missed target is still a figure)
    expect(
      lines.filter((l) => l.includes('(`realtime`: not') || l.includes('paced polls')),
    ).toEqual([])
    expect(lines).toContain(
      '- Not measured — empty polls ≥ 40 % of the HTTP ceiling (`polls`: its ceiling `ceiling-http` was not in this run).',
    )
    expect(lines).toContain(
      '- Not measured — real-time single-punch ATTLOG ≥ 15,000 punches/s committed, beside N stored (`realtime`: no `--stored-punches` history in this run).',
    )
    expect(lines).toContain(
      '- Not measured — attendance list p99 < 50 ms, each filter and page (`attendance`: the phase failed).',
    )
    expect(lines).toContain(
      '- Not measured — 500-line batches ≥ 80 % of the COPY ceiling (`batch500`: not in this run).',
    )
    expect(lines.filter((l) => l.includes('`fleet100k`: not in this run'))).toHaveLength(1)
    // a report written before the run recorded its phases names nothing
    expect(unmeasuredTargets(report)).toEqual([])
  })

  it("puts the ingest figures beside stored history next to the empty table's", () => {
    const ingest = (name: string, pps: number, stored?: number): PhaseResult => ({
      phase: name.startsWith('ceiling') ? 'ceiling-copy' : 'batch100',
      name,
      terminals: 1000,
      connections: 100,
      seconds: 15,
      requests: 1,
      requestsPerSecond: 1,
      punchesPerSecond: pps,
      cpu: { generator: 0, server: 0.25, postgres: 0.5, machine: 0.8 },
      errors: 0,
      unexpected: 0,
      ...(name.startsWith('ceiling') ? {} : { ceiling: 'copy' as const }),
      ...(stored ? { storedPunches: stored } : {}),
    })
    const rows = evaluate(
      [
        ingest('batch100: 100-line ATTLOG', 80_000),
        ingest('ceiling-copy: Postgres COPY', 100_000),
        ingest('batch100: 100-line ATTLOG, beside 10,000,000 stored', 50_000, 10_000_000),
        ingest('ceiling-copy: Postgres COPY, beside 10,000,000 stored', 100_000, 10_000_000),
      ],
      2,
    )
    expect(besideStoredSection(rows)).toEqual([
      '### Ingest: empty table and 10,000,000 stored',
      '',
      '| phase | empty table | beside 10,000,000 stored | target |',
      '|---|---|---|---|',
      '| batch100 | 80,000 punches/s; 80 % of COPY; server 6.3, Postgres 12.5 µs/punch; met | 50,000 punches/s; 50 % of COPY; server 10.0, Postgres 20.0 µs/punch; **missed** | 100-line batches ≥ 80 % of the COPY ceiling |',
      '| ceiling-copy | 100,000 punches/s; server 5.0, Postgres 10.0 µs/punch | 100,000 punches/s; server 5.0, Postgres 10.0 µs/punch | – |',
      '',
    ])
    expect(besideStoredSection(rows.slice(0, 2))).toEqual([])
    const md = formatMarkdown({
      ...report,
      options: { ...report.options, storedPunches: 10_000_000 },
      storedSeedSeconds: 381,
      results: rows,
    })
    expect(md).toContain(
      '10,000,000 punches of history (2024) stored with COPY in 381 s after the ingest phases ran on the empty table',
    )
    expect(md).toContain(
      '- **Missed** — 100-line batches ≥ 80 % of the COPY ceiling: 50 % (50,000 punches/s) (batch100: 100-line ATTLOG, beside 10,000,000 stored).',
    )
  })
})
