import type { BenchReport, PhaseResult } from './results'

export const BEGIN = '<!-- bench:begin -->'
export const END = '<!-- bench:end -->'

/** `12345.6` → `12,346`. */
export function formatCount(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '–'
  return Math.round(n).toLocaleString('en-US')
}

function ms(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '–'
  return n < 10 ? n.toFixed(2) : n.toFixed(1)
}

function share(n: number | undefined): string {
  return n === undefined ? '–' : `${(n * 100).toFixed(0)} %`
}

function row(r: PhaseResult): string {
  const cpu = r.cpu
    ? `${share(r.cpu.server)} / ${share(r.cpu.postgres)} / ${share(r.cpu.generator)} / ${share(r.cpu.machine)}`
    : '–'
  const ceiling =
    r.ceiling === undefined || r.ratio === undefined
      ? '–'
      : r.ceiling === 'http-latency'
        ? `p99 ${r.ratio.toFixed(1)}× bare server's`
        : `${share(r.ratio)} of ${r.ceiling}`
  const target = r.target ? `${r.target.met ? 'met' : '**missed**'}: ${r.target.figure}` : '–'
  return [
    r.name,
    `${formatCount(r.terminals)} / ${formatCount(r.connections)}`,
    formatCount(r.requestsPerSecond),
    formatCount(r.punchesPerSecond),
    ceiling,
    ms(r.latencyMs?.p50),
    ms(r.latencyMs?.p95),
    ms(r.latencyMs?.p99),
    r.serverRssPeakMB === undefined ? '–' : r.serverRssPeakMB.toFixed(0),
    cpu,
    target,
  ].join(' | ')
}

/** The generated part of docs/benchmarks.md: machine, table, targets, limits and profiles. */
export function formatMarkdown(report: BenchReport): string {
  const { machine, options } = report
  const lines: string[] = [
    BEGIN,
    '',
    `Run of ${report.startedAt.slice(0, 10)}${options.quick ? ' (`--quick`: smoke figures only)' : ''},`,
    `${options.db}, ${formatCount(options.terminals)} terminals, ${options.durationSeconds} s per phase, ` +
      `${options.workers} load-generator process(es), ${options.servers ?? 1} server process(es) ` +
      '(the generator spreads its connections over them in turn); server, database and load on one ' +
      'machine (loopback).',
    ...(options.storedPunches
      ? [
          `${formatCount(options.storedPunches)} punches of history (2024) stored with COPY before the phases.`,
        ]
      : []),
    '',
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGB.toFixed(0)} GB RAM, ` +
      `${machine.os}; Bun ${machine.bun}; ${machine.database}.`,
    '',
    '| phase | terminals / connections | requests/s | punches/s (in DB) | ratio to ceiling | p50 ms | p95 ms | p99 ms | server RSS peak MB | CPU server / Postgres / generator / machine | target |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...report.results.map((r) => `| ${row(r)} |`),
    '',
  ]
  const checked = report.results.filter((r) => r.target)
  if (checked.length > 0) {
    lines.push('### Targets', '')
    for (const r of checked) {
      const t = r.target
      if (!t) continue
      lines.push(`- ${t.met ? 'Met' : '**Missed**'} — ${t.text}: ${t.figure} (${r.name}).`)
      if (!t.met && r.limit) lines.push(`  - Limit: ${r.limit}.`)
      if (!t.met && r.hot && r.hot.length > 0) {
        lines.push('  - Server profile (self time, top functions):')
        for (const h of r.hot.slice(0, 8)) lines.push(`    - ${share(h.selfShare)} \`${h.name}\``)
      }
      if (!t.met && r.hotModules && r.hotModules.length > 0) {
        const modules = r.hotModules.map((h) => `${h.name} ${share(h.selfShare)}`).join(', ')
        lines.push(`  - By module: ${modules}.`)
      }
    }
    lines.push('')
  }
  const limits = report.results.filter((r) => r.limit)
  if (limits.length > 0) {
    lines.push('### Where the time goes', '', ...limits.map((r) => `- ${r.name}: ${r.limit}.`), '')
  }
  const notes = report.results.filter((r) => r.note)
  if (notes.length > 0) {
    lines.push('### Notes', '', ...notes.map((r) => `- ${r.name}: ${r.note}`), '')
  }
  lines.push(END)
  return lines.join('\n')
}

/** Puts the generated block into an existing document between the markers, or makes one. */
export function mergeMarkdown(existing: string | undefined, generated: string): string {
  if (existing) {
    const start = existing.indexOf(BEGIN)
    const end = existing.indexOf(END)
    if (start >= 0 && end > start) {
      return `${existing.slice(0, start)}${generated}${existing.slice(end + END.length)}`
    }
  }
  return `# Benchmarks\n\nMeasured by \`bun run bench\` (tooling/bench).\n\n${generated}\n`
}
