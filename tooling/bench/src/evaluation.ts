import type { Phase } from './options'
import type { ExportMemory, FleetFigures, PhaseResult, TargetCheck } from './results'

/** `value / ceiling`, undefined when either is missing or the ceiling is zero. */
export function ratio(value: number | undefined, ceiling: number | undefined): number | undefined {
  if (value === undefined || ceiling === undefined || !(ceiling > 0)) return undefined
  return value / ceiling
}

/** Punches of history a row was measured beside (0: an empty table). */
const storedOf = (r: PhaseResult) => r.storedPunches ?? 0

/**
 * Fills each row's `ratio` from the ceiling rows measured in the same run; an ingest row is compared with the COPY
 * ceiling measured beside the same stored history.
 */
export function applyCeilings(results: PhaseResult[]): PhaseResult[] {
  const http = results.find((r) => r.name.startsWith('ceiling-http:'))?.requestsPerSecond
  const httpP99 = results.find((r) => r.name.startsWith('ceiling-http, paced'))?.latencyMs?.p99
  const copy = (stored: number) =>
    results.find((r) => r.phase === 'ceiling-copy' && storedOf(r) === stored)?.punchesPerSecond
  return results.map((r) => {
    if (r.ceiling === 'http') return withRatio(r, ratio(r.requestsPerSecond, http))
    if (r.ceiling === 'copy') return withRatio(r, ratio(r.punchesPerSecond, copy(storedOf(r))))
    if (r.ceiling === 'http-latency') return withRatio(r, ratio(r.latencyMs?.p99, httpP99))
    return r
  })
}

function withRatio(r: PhaseResult, value: number | undefined): PhaseResult {
  if (value === undefined) return r
  return { ...r, ratio: value }
}

const pct = (n: number) => `${(n * 100).toFixed(0)} %`

const count = (n: number) => Math.round(n).toLocaleString('en-US')

/** Fewer database commits than this per empty poll: only the background passes commit, never a poll. */
export const MAX_COMMITS_PER_POLL = 0.01

/** The targets, checked on the rows they name; a row may carry several. */
export function checkTargets(r: PhaseResult): TargetCheck[] {
  switch (r.name.split(':')[0]) {
    case 'polls, saturating':
      return r.ratio === undefined
        ? []
        : [
            {
              text: 'empty polls ≥ 40 % of the HTTP ceiling',
              met: r.ratio >= 0.4,
              figure: pct(r.ratio),
            },
          ]
    case 'polls, paced':
      return r.latencyMs
        ? [
            {
              text: `p99 < 50 ms, ${count(r.terminals)} terminals polling ${r.name.split(': ')[1] ?? 'paced'}`,
              met: r.latencyMs.p99 < 50,
              figure: `${r.latencyMs.p99.toFixed(1)} ms`,
            },
          ]
        : []
    case 'realtime':
      return [
        {
          text: 'real-time single-punch ATTLOG ≥ 15,000 punches/s committed',
          met: (r.punchesPerSecond ?? 0) >= 15_000,
          figure: `${count(r.punchesPerSecond ?? 0)} punches/s`,
        },
      ]
    case 'batch100':
    case 'batch500':
      return r.ratio === undefined
        ? []
        : [
            {
              text: `${r.phase === 'batch100' ? 100 : 500}-line batches ≥ 80 % of the COPY ceiling`,
              met: r.ratio >= 0.8,
              figure: `${pct(r.ratio)} (${count(r.punchesPerSecond ?? 0)} punches/s)`,
            },
          ]
    case 'provision':
      return r.provision
        ? [
            {
              text: `every terminal provisioned with exactly ${count(r.provision.people)} people within 10 of its polls`,
              // Few polls prove nothing if terminals were left short: each must hold exactly the people.
              met: r.provision.maxPolls <= 10 && r.provision.complete === r.terminals,
              figure: `${r.provision.maxPolls} polls, ${r.provision.complete} of ${r.terminals} terminals with ${count(r.provision.people)} records, ${r.seconds.toFixed(1)} s`,
            },
          ]
        : []
    case 'rss10k':
      return [
        {
          text: `server RSS < 300 MB with ${count(r.terminals)} terminals known`,
          met: (r.serverRssPeakMB ?? Number.POSITIVE_INFINITY) < 300,
          figure: `${(r.serverRssPeakMB ?? 0).toFixed(0)} MB`,
        },
      ]
    case 'fleet100k':
      return r.fleet ? fleetTargets(r, r.fleet) : []
    case 'attendance list':
      return r.latencyMs
        ? [
            {
              text: 'attendance list p99 < 50 ms',
              met: r.latencyMs.p99 < 50,
              figure: `p99 ${r.latencyMs.p99.toFixed(1)} ms`,
            },
          ]
        : []
    case 'attendance export':
      return r.exportFigures
        ? [
            {
              text: 'CSV export of every person streams ≥ 50,000 rows/s',
              met: r.exportFigures.rowsPerSecond >= 50_000,
              figure: `${count(r.exportFigures.rowsPerSecond)} rows/s`,
            },
          ]
        : []
    case 'timesheet month':
      return [
        {
          text: 'every person-day of the month computed and stored in ≤ 30 s',
          met: r.seconds <= 30 && r.unexpected === 0,
          figure: `${r.seconds.toFixed(1)} s, RSS ${(r.serverRssPeakMB ?? 0).toFixed(0)} MB`,
        },
      ]
    case 'timesheet late punch':
      return r.latencyMs
        ? [
            {
              text: 'a late punch is visible through GET /api/timesheets within 2 s',
              met: r.latencyMs.max <= 2000 && r.unexpected === 0,
              figure: `max ${r.latencyMs.max.toFixed(0)} ms (p50 ${r.latencyMs.p50.toFixed(0)} ms)`,
            },
          ]
        : []
    case 'attendance export memory':
      return r.exportMemory ? [constantMemory(r.exportMemory)] : []
    default:
      return []
  }
}

/** The fleet's three targets: memory (with the bytes per device), restart time, no database work per poll. */
function fleetTargets(r: PhaseResult, f: FleetFigures): TargetCheck[] {
  const known = f.terminals.toLocaleString('en-US')
  const commits = Math.round(f.commitsPerPoll * r.requests)
  return [
    {
      text: `server RSS < 1 GB with ${known} terminals known, each polling every 10 s`,
      met: (r.serverRssPeakMB ?? Number.POSITIVE_INFINITY) < 1024,
      figure:
        `peak ${(r.serverRssPeakMB ?? 0).toFixed(0)} MB, ${f.rssKnownMB.toFixed(0)} MB once every ` +
        `device polled, ${count(f.bytesPerDevice)} bytes per device`,
    },
    {
      text: `a restart with ${known} devices known is serving within 10 s`,
      met: f.restartSeconds < 10,
      figure: `${f.restartSeconds.toFixed(1)} s`,
    },
    {
      text: `empty polls answered without a database round trip in steady state (< ${MAX_COMMITS_PER_POLL} commits per poll)`,
      met: f.commitsPerPoll < MAX_COMMITS_PER_POLL,
      figure: `${commits} commits in ${count(r.requests)} polls (${f.commitsPerPoll.toFixed(4)} per poll)`,
    },
  ]
}

/** A target of the issues, named by the rows that carry it, for the report to name the ones a run gave no figure for. */
export interface ExpectedTarget {
  phase: Phase
  /** The part of a row's name before its first `:` (`checkTargets` dispatches on it) */
  row: string
  text: string
  /** The phase whose figure this target is a ratio of */
  needs?: Phase
  /** Checked on the rows measured beside `--stored-punches` history */
  stored?: boolean
}

const INGEST = (stored: boolean): ExpectedTarget[] => [
  {
    phase: 'realtime',
    row: 'realtime',
    text: 'real-time single-punch ATTLOG ≥ 15,000 punches/s committed',
    stored,
  },
  {
    phase: 'batch100',
    row: 'batch100',
    text: '100-line batches ≥ 80 % of the COPY ceiling',
    needs: 'ceiling-copy',
    stored,
  },
  {
    phase: 'batch500',
    row: 'batch500',
    text: '500-line batches ≥ 80 % of the COPY ceiling',
    needs: 'ceiling-copy',
    stored,
  },
]

export const EXPECTED_TARGETS: readonly ExpectedTarget[] = [
  {
    phase: 'polls',
    row: 'polls, saturating',
    text: 'empty polls ≥ 40 % of the HTTP ceiling',
    needs: 'ceiling-http',
  },
  { phase: 'polls', row: 'polls, paced', text: 'paced polls p99 < 50 ms' },
  ...INGEST(false),
  ...INGEST(true),
  { phase: 'rss10k', row: 'rss10k', text: 'server RSS < 300 MB with 10,000 terminals known' },
  {
    phase: 'fleet100k',
    row: 'fleet100k',
    text: 'server RSS < 1 GB with 100,000 terminals known (bytes per device); a restart serving within 10 s; no database round trip per poll in steady state',
  },
  {
    phase: 'provision',
    row: 'provision',
    text: 'every terminal provisioned with exactly its people within 10 of its polls',
  },
  {
    phase: 'attendance',
    row: 'attendance list',
    text: 'attendance list p99 < 50 ms, each filter and page',
  },
  { phase: 'attendance', row: 'attendance export', text: 'CSV export ≥ 50,000 rows/s' },
  {
    phase: 'attendance',
    row: 'attendance export memory',
    text: 'the export streams in constant memory',
  },
  {
    phase: 'timesheets',
    row: 'timesheet month',
    text: 'a month of timesheets computed in ≤ 30 s',
  },
  { phase: 'timesheets', row: 'timesheet late punch', text: 'a late punch visible within 2 s' },
]

/** One check standing for a row's several (the table's column): met when every one is. */
export function combineTargets(checks: TargetCheck[]): TargetCheck | undefined {
  if (checks.length <= 1) return checks[0]
  return {
    text: checks.map((c) => c.text).join('; '),
    met: checks.every((c) => c.met),
    figure: checks.map((c) => c.figure).join('; '),
  }
}

/** A row's targets as one check (see combineTargets). */
export function checkTarget(r: PhaseResult): TargetCheck | undefined {
  return combineTargets(checkTargets(r))
}

/**
 * Constant memory: the longer export must not cost the server more than half its extra CSV bytes in RSS over
 * what the shorter one cost (a buffering server would need at least those bytes again).
 */
export function constantMemory(m: ExportMemory): TargetCheck {
  const extra = m.growthLongMB - m.growthShortMB
  return {
    text: 'the export streams in constant memory (RSS growth does not scale with rows)',
    met: extra < m.extraCsvMB / 2,
    figure:
      `RSS +${m.growthShortMB.toFixed(0)} MB for ${m.rowsShort.toLocaleString('en-US')} rows, ` +
      `+${m.growthLongMB.toFixed(0)} MB for ${m.rowsLong.toLocaleString('en-US')} ` +
      `(limit +${(m.growthShortMB + m.extraCsvMB / 2).toFixed(0)} MB)`,
  }
}

/** A one-line reading of what bounds a row, from its CPU shares, errors and replies. */
export function describeLimit(r: PhaseResult, cores: number): string | undefined {
  const parts: string[] = []
  if (r.errors > 0) parts.push(`${r.errors} socket errors`)
  if (r.unexpected > 0)
    parts.push(`${r.unexpected} unexpected replies (${r.unexpectedSample ?? ''})`)
  if (r.cpu) {
    const { generator, server = 0, postgres = 0, machine } = r.cpu
    const rest = Math.max(0, machine - generator - server - postgres)
    const shares = `server ${pct(server)}, Postgres ${pct(postgres)}, generator ${pct(generator)}, other processes ${pct(rest)}`
    if (machine >= 0.9) parts.push(`CPU-bound: all cores busy (${shares})`)
    else if (server * cores >= 0.9) parts.push(`server JS thread saturated (${shares})`)
    else parts.push(`cores not saturated (${shares}): waiting on I/O, commits or the generator`)
    if (rest >= 0.15)
      parts.push(`other processes took ${pct(rest)} of the machine: figures are low`)
    const cost = cpuCost(r, cores)
    if (cost) parts.push(cost)
  }
  return parts.length > 0 ? parts.join('; ') : undefined
}

/** CPU µs per unit of a rate: a CPU share of the machine × cores ÷ units per second. */
export function cpuMicros(share: number | undefined, cores: number, perSecond: number): number {
  return (((share ?? 0) * cores) / perSecond) * 1e6
}

/**
 * CPU time per request and per stored punch: unlike throughput, it barely moves when other
 * processes share the machine, so runs on a busy box still compare.
 */
export function cpuCost(r: PhaseResult, cores: number): string | undefined {
  if (!r.cpu || !(r.requestsPerSecond > 0)) return undefined
  const us = (share: number | undefined, perSecond: number) =>
    `${cpuMicros(share, cores, perSecond).toFixed(1)} µs`
  const parts: string[] = []
  if (r.cpu.server !== undefined)
    parts.push(`server ${us(r.cpu.server, r.requestsPerSecond)}/request`)
  const perPunch = r.punchesPerSecond ?? 0
  if (perPunch > 0) {
    if (r.cpu.server !== undefined) parts.push(`server ${us(r.cpu.server, perPunch)}/punch`)
    parts.push(`Postgres ${us(r.cpu.postgres, perPunch)}/punch`)
  }
  return parts.length > 0 ? `CPU cost: ${parts.join(', ')}` : undefined
}

/** Adds ratios, target checks and limit readings to the raw rows. */
export function evaluate(results: PhaseResult[], cores: number): PhaseResult[] {
  return applyCeilings(results).map((r) => {
    const targets = checkTargets(r)
    const target = combineTargets(targets)
    const limit = describeLimit(r, cores)
    return {
      ...r,
      ...(target ? { target } : {}),
      ...(targets.length > 1 ? { targets } : {}),
      ...(limit ? { limit } : {}),
    }
  })
}
