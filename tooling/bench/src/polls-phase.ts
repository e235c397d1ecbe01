import { freePort, type ServerProcess } from './child-process'
import type { RssSampler } from './proc-stats'
import type { PhaseResult } from './results'
import type { RunContext } from './run-context'
import { handshakeAll, load, toRow, withServer } from './server-session'

/** Polls back to back on every terminal's connection: the throughput row, compared with the HTTP ceiling. */
async function saturatedRow(
  ctx: RunContext,
  server: ServerProcess,
  rss: RssSampler,
  base: Pick<PhaseResult, 'phase' | 'name'>,
): Promise<PhaseResult> {
  const { terminals } = ctx.options
  rss.peak = 0
  const row = toRow(base, await load(ctx, server, {}), rss.peak)
  return { ...row, terminals, connections: terminals, ceiling: 'http' }
}

/** Empty polls: N terminals each polling every interval (latency), then back to back (throughput). */
export function pollsPhase(ctx: RunContext, profileDir?: string): Promise<PhaseResult[]> {
  const { terminals, pollIntervalSeconds } = ctx.options
  return withServer(ctx, profileDir, pollIntervalSeconds, async (server, rss) => {
    await handshakeAll(ctx, server, terminals)
    // warm-up (JIT, caches, pool); a smoke run skips it
    if (!ctx.options.quick) await load(ctx, server, { durationMs: 1000 })
    rss.peak = 0
    const paced = await load(ctx, server, { mode: 'paced', intervalMs: pollIntervalSeconds * 1000 })
    const pacedRow = toRow(
      { phase: 'polls', name: `polls, paced: every ${pollIntervalSeconds} s` },
      paced,
      rss.peak,
    )
    return [
      { ...pacedRow, terminals, connections: terminals, ceiling: 'http-latency' as const },
      await saturatedRow(ctx, server, rss, {
        phase: 'polls',
        name: 'polls, saturating: back to back',
      }),
    ]
  })
}

/**
 * Empty polls back to back through the lenient listener for legacy firmware (`LEGACY_PORT`): what a request costs
 * when it crosses the listener and the loopback hop to the server, against the same HTTP ceiling as `polls`.
 */
export function legacyPollsPhase(ctx: RunContext, profileDir?: string): Promise<PhaseResult[]> {
  const { terminals, pollIntervalSeconds } = ctx.options
  const legacyPort = freePort()
  return withServer(
    ctx,
    profileDir,
    pollIntervalSeconds,
    async (server, rss) => {
      await handshakeAll(ctx, server, terminals)
      const viaListener = { ...server, port: legacyPort }
      if (!ctx.options.quick) await load(ctx, viaListener, { durationMs: 1000 })
      return [
        await saturatedRow(ctx, viaListener, rss, {
          phase: 'polls-legacy',
          name: 'polls via LEGACY_PORT, saturating: back to back',
        }),
      ]
    },
    legacyPort,
  )
}
