import { commitCount } from './bench-database'
import type { PhaseResult } from './results'
import { punchCount, type RunContext } from './run-context'
import { DAY, EPOCH, handshakeAll, load, toRow, withServer } from './server-session'

/** ATTLOG uploads of `lines` punches per request; punches counted in the database. */
export async function attlogPhase(
  ctx: RunContext,
  phase: 'realtime' | 'batch100' | 'batch500',
  lines: number,
  profileDir?: string,
): Promise<PhaseResult[]> {
  const { terminals } = ctx.options
  // bulk catch-up: a share of the fleet uploads at once; real-time: every terminal
  const connections = lines === 1 ? terminals : Math.min(terminals, 100)
  const offset =
    { realtime: 0, batch100: 30, batch500: 60 }[phase] +
    (profileDir ? 90 : 0) +
    (ctx.epochShiftDays ?? 0)
  // PGlite lets one process open it, so there the count is taken with the server stopped
  const live = ctx.databaseUrl !== undefined
  const before = live ? 0 : await punchCount(ctx)
  const { row, ok, liveBefore, liveAfter, commitsBefore } = await withServer(
    ctx,
    profileDir,
    1,
    async (server, rss) => {
      await handshakeAll(ctx, server, terminals)
      if (!ctx.options.quick) await load(ctx, server, { durationMs: 1000 })
      // Postgres publishes a backend's commit statistics about a second after it goes idle
      if (ctx.databaseUrl) await Bun.sleep(1500)
      const commitsBefore = ctx.databaseUrl ? await commitCount(ctx.databaseUrl) : 0
      const liveBefore = live ? await punchCount(ctx) : 0
      rss.peak = 0
      const r = await load(ctx, server, {
        kind: 'attlog',
        batchLines: lines,
        connections,
        baseEpoch: EPOCH + offset * DAY,
      })
      const liveAfter = live ? await punchCount(ctx) : 0
      return {
        row: toRow({ phase, name: phase }, r, rss.peak),
        ok: r.ok,
        liveBefore,
        liveAfter,
        commitsBefore,
      }
    },
  )
  const punches = live ? liveAfter - liveBefore : (await punchCount(ctx)) - before
  // every punch is distinct, so what the server acknowledged must be exactly what it stored
  const acknowledged = ok * lines
  const notes: string[] = []
  if (acknowledged !== punches) {
    notes.push(`**${acknowledged} punches acknowledged with OK but ${punches} stored**`)
  }
  if (ctx.databaseUrl) {
    // read with the server stopped: its backends have exited and published their statistics
    const commits = (await commitCount(ctx.databaseUrl)) - commitsBefore
    const perCommit = commits > 0 ? (punches / commits).toFixed(1) : '–'
    notes.push(`${commits} commits in the window (group commit: ${perCommit} punches per commit)`)
  }
  return [
    {
      ...row,
      name: `${phase}: ${lines === 1 ? 'single-punch' : `${lines}-line`} ATTLOG`,
      terminals,
      connections,
      punches,
      punchesPerSecond: punches / row.seconds,
      ceiling: 'copy',
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    },
  ]
}
