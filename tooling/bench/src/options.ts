import { cpus } from 'node:os'

export const PHASES = [
  'ceiling-http',
  'polls',
  'polls-legacy',
  'realtime',
  'batch100',
  'batch500',
  'ceiling-copy',
  'rss10k',
  'fleet100k',
  'provision',
  'attendance',
  'timesheets',
] as const
export type Phase = (typeof PHASES)[number]

/** The phases that write punches, and the COPY ceiling they are compared with: run again beside stored history. */
export const INGEST_PHASES: readonly Phase[] = ['realtime', 'batch100', 'batch500', 'ceiling-copy']

export interface BenchOptions {
  quick: boolean
  /** Simulated terminals in the poll and upload phases */
  terminals: number
  /** Measured seconds per phase (warm-up not included) */
  durationSeconds: number
  db: 'postgres' | 'pglite'
  phases: Phase[]
  json?: string
  /** Markdown report; `docs/benchmarks.md` by default, none with `--no-markdown` */
  markdown?: string
  /** Load-generator processes */
  workers: number
  /** Server processes on the one database, the generator's connections spread over them in turn */
  servers: number
  /** Serials known and polling in the fleet phase (carried by at most 1,000 connections) */
  fleetTerminals: number
  /** Terminals known in the RSS phase */
  rssTerminals: number
  /** Seconds between polls of one terminal in the latency phase */
  pollIntervalSeconds: number
  /** Profile the server (Bun --cpu-prof) in phases that miss their target */
  profile: boolean
  /** People provisioned, and terminals they are provisioned onto, in the provisioning phase */
  provisionPeople: number
  provisionTerminals: number
  /** Firmware the provisioned terminals announce: Attendance PUSH 2.4.1, or legacy (no `pushver`) */
  provisionFirmware: 'push2' | 'legacy'
  /** People and punches seeded in the attendance phase */
  attendancePeople: number
  attendancePunches: number
  /** Punches of history seeded with COPY into the run's database before the phases (Postgres; 0: none) */
  storedPunches: number
  /** People whose month of timesheets the timesheet phase computes (4 punches a day each) */
  timesheetPeople: number
}

/** Relative to the repository root */
export const DEFAULT_MARKDOWN = 'docs/benchmarks.md'

export class UsageError extends Error {}

function positiveInt(name: string, raw: string | undefined): number {
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} needs a positive integer`)
  return n
}

/** Parses the command line; quick mode shrinks the defaults so a run fits in under a minute. */
export function parseOptions(argv: readonly string[], cores = cpus().length): BenchOptions {
  const quick = argv.includes('--quick')
  const options: BenchOptions = {
    quick,
    terminals: quick ? 200 : 1000,
    durationSeconds: quick ? 2 : 15,
    db: 'postgres',
    phases: [...PHASES],
    markdown: DEFAULT_MARKDOWN,
    // on a small box one generator process beats two that fight the server for the same cores
    workers: Math.max(1, Math.floor(cores / 2)),
    servers: 1,
    rssTerminals: quick ? 1000 : 10_000,
    fleetTerminals: quick ? 5000 : 100_000,
    pollIntervalSeconds: 1,
    profile: !quick,
    provisionPeople: quick ? 500 : 5000,
    provisionTerminals: quick ? 20 : 100,
    provisionFirmware: 'push2',
    attendancePeople: quick ? 1000 : 10_000,
    attendancePunches: quick ? 100_000 : 1_000_000,
    storedPunches: 0,
    timesheetPeople: quick ? 500 : 10_000,
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new UsageError(`${arg} needs a value`)
      return v
    }
    switch (arg) {
      case '--quick':
        break
      case '--terminals':
        options.terminals = positiveInt(arg, value())
        break
      case '--duration':
        options.durationSeconds = positiveInt(arg, value())
        break
      case '--servers':
        options.servers = positiveInt(arg, value())
        break
      case '--workers':
        options.workers = positiveInt(arg, value())
        break
      case '--fleet-terminals':
        options.fleetTerminals = positiveInt(arg, value())
        break
      case '--rss-terminals':
        options.rssTerminals = positiveInt(arg, value())
        break
      case '--provision-people':
        options.provisionPeople = positiveInt(arg, value())
        break
      case '--provision-terminals':
        options.provisionTerminals = positiveInt(arg, value())
        break
      case '--attendance-people':
        options.attendancePeople = positiveInt(arg, value())
        break
      case '--timesheet-people':
        options.timesheetPeople = positiveInt(arg, value())
        break
      case '--attendance-punches':
        options.attendancePunches = positiveInt(arg, value())
        break
      case '--stored-punches':
        options.storedPunches = positiveInt(arg, value())
        break
      case '--provision-firmware': {
        const f = value()
        if (f !== 'push2' && f !== 'legacy')
          throw new UsageError('--provision-firmware is push2 or legacy')
        options.provisionFirmware = f
        break
      }
      case '--db': {
        const db = value()
        if (db !== 'postgres' && db !== 'pglite') throw new UsageError('--db is postgres or pglite')
        options.db = db
        break
      }
      case '--phases': {
        const list = value()
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
        const unknown = list.filter((p) => !(PHASES as readonly string[]).includes(p))
        if (unknown.length > 0) {
          throw new UsageError(`unknown phase ${unknown.join(', ')}; phases: ${PHASES.join(',')}`)
        }
        // run in the canonical order: ceilings first so every figure has its ratio
        options.phases = PHASES.filter((p) => list.includes(p))
        break
      }
      case '--json':
        options.json = value()
        break
      case '--markdown':
        options.markdown = value()
        break
      case '--no-markdown':
        delete options.markdown
        break
      case '--profile':
        options.profile = true
        break
      case '--no-profile':
        options.profile = false
        break
      default:
        throw new UsageError(`unknown argument ${arg}`)
    }
  }
  return options
}

export const USAGE = `bun run bench [--quick] [--terminals N] [--duration S] [--db postgres|pglite]
  [--phases ${PHASES.join(',')}]
  [--json out.json] [--markdown file.md | --no-markdown] [--workers N] [--servers N]
  [--rss-terminals N] [--fleet-terminals N]
  [--profile | --no-profile] [--provision-people N] [--provision-terminals N]
  [--provision-firmware push2|legacy] [--attendance-people N] [--attendance-punches N]
  [--stored-punches N] [--timesheet-people N]`
