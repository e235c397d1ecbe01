import type { HotFunction } from './cpu-profile'
import type { Phase } from './options'

/** A target from the issue, checked against one measured figure. */
export interface TargetCheck {
  text: string
  met: boolean
  figure: string
}

/** What one attendance export did: rows and bytes received, time to the last byte, server RSS before and at peak. */
export interface ExportFigures {
  rows: number
  /** Rows the database holds in the export's window */
  expectedRows: number
  bytes: number
  seconds: number
  rowsPerSecond: number
  rssBeforeMB: number
  rssPeakMB: number
}

/** Server RSS growth of a shorter and a longer export, each on a fresh server. */
export interface ExportMemory {
  rowsShort: number
  rowsLong: number
  growthShortMB: number
  growthLongMB: number
  /** CSV bytes the longer export sent beyond the shorter one's */
  extraCsvMB: number
}

/** One row of the report: one load shape against one server. */
export interface PhaseResult {
  phase: Phase
  name: string
  terminals: number
  connections: number
  seconds: number
  requests: number
  requestsPerSecond: number
  /** Rows counted in the database after the run (not replies) */
  punches?: number
  punchesPerSecond?: number
  latencyMs?: { p50: number; p95: number; p99: number; max: number }
  serverRssPeakMB?: number
  /** CPU used / (window × cores), from /proc */
  cpu?: { generator: number; server?: number; postgres?: number; machine: number }
  errors: number
  unexpected: number
  unexpectedSample?: string
  /** Which ceiling this row is compared with */
  ceiling?: 'http' | 'copy' | 'http-latency'
  /**
   * Figure ÷ its ceiling: requests/s for http, committed punches/s for copy, p99 ÷ the bare
   * server's p99 under the same paced load for http-latency
   */
  ratio?: number
  /** The row's check in one (every target met, figures joined); see `targets` when there are several */
  target?: TargetCheck
  /** Each target on its own, when the row has more than one */
  targets?: TargetCheck[]
  /** Measured beside this many punches of history (`--stored-punches`); absent: an empty table */
  storedPunches?: number
  /** Where the server spent its CPU, when profiled */
  hot?: HotFunction[]
  /** The same profile grouped by package or source file */
  hotModules?: HotFunction[]
  /** What limits the figure, derived from the CPU shares and errors */
  limit?: string
  /** Provisioning: polls that brought commands per terminal, and the terminals that got exactly `people` records */
  provision?: { maxPolls: number; meanPolls: number; people: number; complete: number }
  exportFigures?: ExportFigures
  exportMemory?: ExportMemory
  fleet?: FleetFigures
  note?: string
}

/** The fleet phase: memory per known device, database work per poll, and the time a restart takes to serve. */
export interface FleetFigures {
  terminals: number
  /** An empty server's RSS */
  rssIdleMB: number
  /** Right after the restart with every device known (caches primed) */
  rssPrimedMB: number
  rssKnownMB: number
  /** (RSS after every device polled once − idle RSS) ÷ devices */
  bytesPerDevice: number
  /** Database commits in the steady window ÷ polls answered in it */
  commitsPerPoll: number
  /** From spawning a second server on the same database to its health check answering */
  restartSeconds: number
  /** p99 of the first window of polls after the restart */
  restartP99Ms: number
  restartCommitsPerPoll: number
}

export interface MachineInfo {
  cores: number
  cpuModel: string
  memoryGB: number
  os: string
  bun: string
  database: string
}

export interface BenchReport {
  startedAt: string
  options: {
    quick: boolean
    terminals: number
    durationSeconds: number
    db: string
    workers: number
    /** Server processes (`--servers`); reports written before the option have none: 1 */
    servers?: number
    rssTerminals: number
    pollIntervalSeconds: number
    /** Punches of history in the run's database before the phases (0 or absent: an empty table) */
    storedPunches?: number
    /** The phases the run was asked for; absent in older reports */
    phases?: Phase[]
  }
  /** Seconds the COPY of the stored history took, when there was one */
  storedSeedSeconds?: number
  machine: MachineInfo
  results: PhaseResult[]
}
