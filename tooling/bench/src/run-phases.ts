import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { attendancePhase } from './attendance-phase'
import { attlogPhase } from './attlog-phase'
import { copyCeilingPhase, httpCeilingPhase } from './ceiling-phases'
import { summarizeProfileDir } from './cpu-profile'
import { evaluate } from './evaluation'
import { fleetPhase } from './fleet-phase'
import type { Phase } from './options'
import { legacyPollsPhase, pollsPhase } from './polls-phase'
import { provisionPhase } from './provision-phase'
import type { PhaseResult } from './results'
import { rssPhase } from './rss-phase'
import type { RunContext } from './run-context'
import { timesheetPhase } from './timesheet-phase'

type PhaseRunner = (ctx: RunContext, profileDir?: string) => Promise<PhaseResult[]>

const RUNNERS: Record<Phase, PhaseRunner> = {
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

/** Runs the chosen phases; a phase that misses its target is run again under the profiler. */
export async function runPhases(ctx: RunContext): Promise<PhaseResult[]> {
  let results: PhaseResult[] = []
  for (const phase of ctx.options.phases) {
    ctx.log(`phase ${phase}`)
    try {
      results.push(...(await RUNNERS[phase](ctx)))
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      ctx.log(`  phase ${phase} failed: ${message}`)
      results.push(failedRow(phase, message))
    }
  }
  results = evaluate(results, ctx.cores)
  if (!ctx.options.profile) return results
  const missed = [...new Set(results.filter((r) => r.target && !r.target.met).map((r) => r.phase))]
  for (const phase of missed) {
    // profiled separately: the profiler's overhead must not lower the reported figures
    ctx.log(`profiling ${phase} (target missed)`)
    const dir = mkdtempSync(join(tmpdir(), 'webroster-bench-prof-'))
    try {
      await RUNNERS[phase]({ ...ctx, options: { ...ctx.options, durationSeconds: 5 } }, dir)
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
