import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { attendancePhase } from './attendance-phase'
import { attlogPhase } from './attlog-phase'
import { copyCeilingPhase, httpCeilingPhase } from './ceiling-phases'
import { summarizeProfileDir } from './cpu-profile'
import { evaluate } from './evaluation'
import { fleetPhase } from './fleet-phase'
import { INGEST_PHASES, type Phase } from './options'
import { legacyPollsPhase, pollsPhase } from './polls-phase'
import { provisionPhase } from './provision-phase'
import type { PhaseResult } from './results'
import { rssPhase } from './rss-phase'
import type { RunContext } from './run-context'
import { timesheetPhase } from './timesheet-phase'

export type PhaseRunner = (ctx: RunContext, profileDir?: string) => Promise<PhaseResult[]>

export const RUNNERS: Record<Phase, PhaseRunner> = {
  'ceiling-http': (ctx) => httpCeilingPhase(ctx),
  polls: pollsPhase,
  'polls-legacy': legacyPollsPhase,
  realtime: (ctx, dir) => attlogPhase(ctx, 'realtime', 1, dir),
  batch100: (ctx, dir) => attlogPhase(ctx, 'batch100', 100, dir),
  batch500: (ctx, dir) => attlogPhase(ctx, 'batch500', 500, dir),
  'ceiling-copy': (ctx) => copyCeilingPhase(ctx),
  rss10k: rssPhase,
  fleet100k: fleetPhase,
  provision: (ctx) => provisionPhase(ctx),
  attendance: attendancePhase,
  timesheets: (ctx) => timesheetPhase(ctx),
}

/** Phases whose runner starts its server under the profiler when given a folder; the others would only run again. */
export const PROFILABLE: readonly Phase[] = [
  'polls',
  'polls-legacy',
  'realtime',
  'batch100',
  'batch500',
  'rss10k',
  'fleet100k',
  'attendance',
]

/** A phase that could not run still gets a row, so a report never hides it; paths are cut. */
export function failedRow(phase: Phase, message: string): PhaseResult {
  const firstLine = (message.split('\n')[0] ?? '').replace(/(?:\/[\w.@-]+)+\/([\w.@-]+)/g, '$1')
  return {
    phase,
    name: `${phase}: failed`,
    terminals: 0,
    connections: 0,
    seconds: 0,
    requests: 0,
    requestsPerSecond: 0,
    errors: 0,
    unexpected: 0,
    note: firstLine.slice(0, 300),
  }
}

/** Days the second pass's punches are moved on, so they never repeat the first pass's (nor the profiled runs'). */
export const STORED_PASS_SHIFT_DAYS = 180

/** One step of a run: some phases, or seeding the stored history. */
export type RunStep = { kind: 'phases'; phases: Phase[]; storedPunches: number } | { kind: 'seed' }

/**
 * The order of a run. Without stored history: every phase, once. With `--stored-punches N`: the phases up to the
 * COPY ceiling on the empty table, then the seeding, then the ingest phases again beside the history, then the rest
 * (which ran beside the history before, and whose devices and people must not be in the ingest passes' database).
 */
export function planRun(phases: readonly Phase[], storedPunches: number): RunStep[] {
  if (storedPunches <= 0) return [{ kind: 'phases', phases: [...phases], storedPunches: 0 }]
  const lastIngest = Math.max(...phases.map((p, i) => (INGEST_PHASES.includes(p) ? i : -1)))
  const before = phases.slice(0, lastIngest + 1)
  const after = phases.slice(lastIngest + 1)
  const again = before.filter((p) => INGEST_PHASES.includes(p))
  const steps: RunStep[] = []
  if (before.length > 0) steps.push({ kind: 'phases', phases: before, storedPunches: 0 })
  steps.push({ kind: 'seed' })
  if (again.length > 0) steps.push({ kind: 'phases', phases: again, storedPunches })
  if (after.length > 0) steps.push({ kind: 'phases', phases: after, storedPunches })
  return steps
}

/** A row measured beside stored history: it says so in its name and in `storedPunches`. */
export function besideStored(r: PhaseResult, storedPunches: number): PhaseResult {
  return {
    ...r,
    name: `${r.name}, beside ${storedPunches.toLocaleString('en-US')} stored`,
    storedPunches,
  }
}

/** Seeds the stored history; resolves to the seconds it took. */
export type Seeder = (ctx: RunContext) => Promise<number>

export interface RunOutcome {
  results: PhaseResult[]
  /** Seconds the stored history's COPY took, when there was one */
  storedSeedSeconds?: number
}

async function runOne(ctx: RunContext, phase: Phase, runners: Record<Phase, PhaseRunner>) {
  ctx.log(`phase ${phase}`)
  try {
    return await runners[phase](ctx)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    ctx.log(`  phase ${phase} failed: ${message}`)
    return [failedRow(phase, message)]
  }
}

/**
 * Runs the chosen phases in the order planRun gives, seeding the history where it says; a phase that misses its
 * target is run again under the profiler.
 */
export async function runPhases(
  ctx: RunContext,
  seed: Seeder,
  runners: Record<Phase, PhaseRunner> = RUNNERS,
): Promise<RunOutcome> {
  const results: PhaseResult[] = []
  let storedSeedSeconds: number | undefined
  const stored = ctx.options.storedPunches
  for (const step of planRun(ctx.options.phases, stored)) {
    if (step.kind === 'seed') {
      ctx.log(`seeding ${stored.toLocaleString('en-US')} punches of history`)
      storedSeedSeconds = await seed(ctx)
      continue
    }
    // the ingest phases of the second pass write their punches on other days than the first's
    const ingestAgain = step.storedPunches > 0
    for (const phase of step.phases) {
      if (ingestAgain && INGEST_PHASES.includes(phase)) {
        const shifted = { ...ctx, epochShiftDays: STORED_PASS_SHIFT_DAYS }
        const rows = await runOne(shifted, phase, runners)
        results.push(...rows.map((r) => besideStored(r, step.storedPunches)))
      } else results.push(...(await runOne(ctx, phase, runners)))
    }
  }
  const outcome = await profileMissed(ctx, evaluate(results, ctx.cores), runners)
  return { results: outcome, ...(storedSeedSeconds !== undefined ? { storedSeedSeconds } : {}) }
}

async function profileMissed(
  ctx: RunContext,
  evaluated: PhaseResult[],
  runners: Record<Phase, PhaseRunner>,
): Promise<PhaseResult[]> {
  let results = evaluated
  if (!ctx.options.profile) return results
  const missed = [...new Set(results.filter((r) => r.target && !r.target.met).map((r) => r.phase))]
  for (const phase of missed) {
    if (!PROFILABLE.includes(phase)) {
      ctx.log(
        `not profiling ${phase} (target missed): its server is not started under the profiler`,
      )
      continue
    }
    // profiled separately: the profiler's overhead must not lower the reported figures
    ctx.log(`profiling ${phase} (target missed)`)
    const dir = mkdtempSync(join(tmpdir(), 'webroster-bench-prof-'))
    try {
      await runners[phase]({ ...ctx, options: { ...ctx.options, durationSeconds: 5 } }, dir)
      const profile = summarizeProfileDir(dir)
      if (profile) {
        const { functions: hot, modules: hotModules } = profile
        results = results.map((r) => (r.phase === phase ? { ...r, hot, hotModules } : r))
      } else ctx.log('  no profile written')
    } catch (e) {
      ctx.log(`  profiling ${phase} failed: ${e instanceof Error ? e.message : String(e)}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return results
}
