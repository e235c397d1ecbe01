import { describe, expect, it } from 'vitest'
import { BEGIN, END, formatCount, formatMarkdown, mergeMarkdown } from './markdown-report'
import type { BenchReport } from './results'

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
})
