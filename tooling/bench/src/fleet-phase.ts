import { commitCount, seedDevices } from './bench-database'
import { RssSampler } from './proc-stats'
import type { PhaseResult } from './results'
import type { RunContext } from './run-context'
import { handshakeAll, load, MB, toRow, withServer } from './server-session'
import { startServerUnderTest } from './server-under-test'

/** The terminals' default `Delay`: each polls every 10 s. */
const DELAY_SECONDS = 10
/** One generator connection carries many serials: two cores cannot hold 100,000 sockets and the server too. */
const MAX_CONNECTIONS = 1000
/** Postgres publishes a backend's commit statistics about a second after it goes idle. */
const STATS_SETTLE_MS = 1500

/**
 * A large fleet: `fleetTerminals` serials known (written straight into the table on Postgres, a handshake each
 * on PGlite), then each polls every 10 s over at most 1,000
 * connections. The first 10 s window is every device's first poll; the measured window after it is the steady
 * state, where a poll should need no database round trip. Then a second server starts on the same database,
 * with every device known: the time until it serves, and its first window of polls.
 */
export async function fleetPhase(ctx: RunContext, profileDir?: string): Promise<PhaseResult[]> {
  const terminals = ctx.options.fleetTerminals
  const connections = Math.min(terminals, MAX_CONNECTIONS)
  const paced = { mode: 'paced' as const, terminals, connections, intervalMs: DELAY_SECONDS * 1000 }
  const url = ctx.databaseUrl
  const commits = async () => {
    if (!url) return 0
    await Bun.sleep(STATS_SETTLE_MS)
    return commitCount(url)
  }
  const first = await withServer(ctx, profileDir, DELAY_SECONDS, async (server, rss) => {
    const idle = rss.last
    if (url) await seedDevices(url, terminals)
    else await handshakeAll(ctx, server, terminals)
    await load(ctx, server, { ...paced, durationMs: DELAY_SECONDS * 1000 })
    const known = rss.last
    const before = await commits()
    rss.peak = 0
    const r = await load(ctx, server, {
      ...paced,
      durationMs: Math.max(ctx.options.durationSeconds, DELAY_SECONDS) * 1000,
    })
    const steadyCommits = (await commits()) - before
    return { idle, known, r, steadyCommits, peak: rss.peak }
  })
  // The restart: the same database, every device known, nothing warm in memory.
  const started = performance.now()
  const server = await startServerUnderTest({
    ...(url ? { databaseUrl: url } : {}),
    pgliteDir: ctx.pgliteDir,
    pollDelaySeconds: DELAY_SECONDS,
  })
  const restartSeconds = (performance.now() - started) / 1000
  const rss = new RssSampler(server.pid).start()
  let again: Awaited<ReturnType<typeof load>>
  let restartCommits = 0
  try {
    const before = await commits()
    again = await load(ctx, server, { ...paced, durationMs: DELAY_SECONDS * 1000 })
    restartCommits = (await commits()) - before
  } finally {
    rss.stop()
    await server.stop()
  }
  const row = toRow(
    { phase: 'fleet100k', name: `fleet100k: ${terminals} terminals` },
    first.r,
    first.peak,
  )
  const bytesPerDevice = (first.known - first.idle) / terminals
  const fleet = {
    terminals,
    rssIdleMB: first.idle / MB,
    rssKnownMB: first.known / MB,
    bytesPerDevice,
    commitsPerPoll: first.steadyCommits / Math.max(1, first.r.requests),
    restartSeconds,
    restartP99Ms: again.latency.percentile(99),
    restartCommitsPerPoll: restartCommits / Math.max(1, again.requests),
  }
  return [
    {
      ...row,
      terminals,
      connections,
      fleet,
      note:
        `${terminals} serials on ${connections} connections, each polling every ${DELAY_SECONDS} s; RSS idle ` +
        `${fleet.rssIdleMB.toFixed(0)} MB, with every device known and polled ${fleet.rssKnownMB.toFixed(0)} MB ` +
        `(${Math.round(bytesPerDevice)} bytes per device), peak ${(first.peak / MB).toFixed(0)} MB; ` +
        `${first.steadyCommits} database commits in ${first.r.requests} steady polls; restart serving in ` +
        `${restartSeconds.toFixed(1)} s, its first ${again.requests} polls p99 ` +
        `${fleet.restartP99Ms.toFixed(1)} ms with ${restartCommits} commits`,
    },
  ]
}
