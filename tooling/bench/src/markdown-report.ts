import { cpuMicros, EXPECTED_TARGETS } from './evaluation'
import { INGEST_PHASES, type Phase } from './options'
import type { BenchReport, PhaseResult, TargetCheck } from './results'

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
          `${formatCount(options.storedPunches)} punches of history (2024) stored with COPY` +
            (report.storedSeedSeconds !== undefined
              ? ` in ${report.storedSeedSeconds.toFixed(0)} s`
              : '') +
            (report.results.some((r) => r.storedPunches)
              ? ' after the ingest phases ran on the empty table; the ingest phases then ran again beside it ' +
                `(rows "beside ${formatCount(options.storedPunches)} stored", each compared with the COPY ceiling ` +
                'measured beside the same history), then the other phases.'
              : ' before the phases.'),
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
  lines.push(...besideStoredSection(report.results, machine.cores))
  const checked = report.results.filter((r) => r.target)
  const unmeasured = unmeasuredTargets(report)
  if (checked.length > 0 || unmeasured.length > 0) {
    lines.push('### Targets', '')
    for (const r of checked) {
      for (const t of targetsOf(r))
        lines.push(`- ${t.met ? 'Met' : '**Missed**'} — ${t.text}: ${t.figure} (${r.name}).`)
      if (r.target?.met !== false) continue
      if (r.limit) lines.push(`  - Limit: ${r.limit}.`)
      if (r.hot && r.hot.length > 0) {
        lines.push('  - Server profile (self time, top functions):')
        for (const h of r.hot.slice(0, 8)) lines.push(`    - ${share(h.selfShare)} \`${h.name}\``)
      }
      if (r.hotModules && r.hotModules.length > 0) {
        const modules = r.hotModules.map((h) => `${h.name} ${share(h.selfShare)}`).join(', ')
        lines.push(`  - By module: ${modules}.`)
      }
    }
    lines.push(...unmeasured)
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

function targetsOf(r: PhaseResult): TargetCheck[] {
  if (r.targets && r.targets.length > 0) return r.targets
  return r.target ? [r.target] : []
}

/** Targets the run gave no figure for, and why: their phase was not run or failed, or a ratio lacked its ceiling. */
export function unmeasuredTargets(report: BenchReport): string[] {
  if (!report.options.phases) return []
  const ran = new Set<Phase>(report.options.phases)
  const stored = report.options.storedPunches ?? 0
  const lines: string[] = []
  for (const t of EXPECTED_TARGETS) {
    const rows = report.results.filter(
      (r) => r.phase === t.phase && Boolean(r.storedPunches) === Boolean(t.stored),
    )
    if (rows.some((r) => r.name.split(':')[0] === t.row && r.target)) continue
    const why = !ran.has(t.phase)
      ? 'not in this run'
      : t.stored && !stored
        ? 'no `--stored-punches` history in this run'
        : rows.some((r) => r.name.startsWith(`${t.phase}: failed`))
          ? 'the phase failed'
          : t.needs && !ran.has(t.needs)
            ? `its ceiling \`${t.needs}\` was not in this run`
            : 'no figure (see the table)'
    const beside = t.stored ? `, beside ${stored ? formatCount(stored) : 'N'} stored` : ''
    lines.push(`- Not measured — ${t.text}${beside} (\`${t.phase}\`: ${why}).`)
  }
  return lines
}

function ingestCell(r: PhaseResult | undefined, cores: number): string {
  if (!r) return '–'
  const parts = [`${formatCount(r.punchesPerSecond)} punches/s`]
  if (r.ratio !== undefined && r.ceiling === 'copy') parts.push(`${share(r.ratio)} of COPY`)
  const perPunch = (s: number | undefined) =>
    r.punchesPerSecond ? cpuMicros(s, cores, r.punchesPerSecond) : undefined
  const server = perPunch(r.cpu?.server)
  const postgres = perPunch(r.cpu?.postgres)
  if (r.cpu && postgres !== undefined)
    parts.push(
      `${r.cpu.server !== undefined && server !== undefined ? `server ${server.toFixed(1)}, ` : ''}Postgres ${postgres.toFixed(1)} µs/punch`,
    )
  if (r.target) parts.push(r.target.met ? 'met' : '**missed**')
  return parts.join('; ')
}

/** The ingest figures on the empty table beside those with the stored history, one line per phase. */
export function besideStoredSection(results: PhaseResult[], cores = 2): string[] {
  const stored = results.find((r) => r.storedPunches)?.storedPunches
  if (!stored) return []
  const lines = [
    `### Ingest: empty table and ${formatCount(stored)} stored`,
    '',
    `| phase | empty table | beside ${formatCount(stored)} stored | target |`,
    '|---|---|---|---|',
  ]
  for (const phase of INGEST_PHASES) {
    const empty = results.find((r) => r.phase === phase && !r.storedPunches)
    const beside = results.find((r) => r.phase === phase && r.storedPunches === stored)
    if (!empty && !beside) continue
    const target = (empty ?? beside)?.target?.text ?? '–'
    lines.push(
      `| ${phase} | ${ingestCell(empty, cores)} | ${ingestCell(beside, cores)} | ${target} |`,
    )
  }
  lines.push('')
  return lines
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
