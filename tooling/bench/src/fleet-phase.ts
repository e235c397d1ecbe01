import { commitCount, seedDevices } from './bench-database'
import type { LoadResult } from './load-generator'
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
 * A large fleet: `fleetTerminals` serials made known by a first server (written straight into the table on
 * Postgres, a handshake each on PGlite); then a restarted server, which reads every device at start, serves
 * them polling every 10 s over at most 1,000 connections. Reported: the time until the restart serves, its first
 * window of polls, RSS per device once each has polled, and the database commits of the steady window after it.
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
  // A first server makes the fleet known (and measures the empty server's RSS); the measured one is a restart
  // with every device known, so it also shows how long a restart takes to serve.
  const idle = await withServer(ctx, profileDir, DELAY_SECONDS, async (server, rss) => {
    const empty = rss.last
    if (url) await seedDevices(url, terminals)
    else await handshakeAll(ctx, server, terminals)
    return empty
  })
  const started = performance.now()
  const server = await startServerUnderTest({
    ...(url ? { databaseUrl: url } : {}),
    pgliteDir: ctx.pgliteDir,
    pollDelaySeconds: DELAY_SECONDS,
    ...(profileDir ? { cpuProfileDir: profileDir } : {}),
  })
  const restartSeconds = (performance.now() - started) / 1000
  const rss = new RssSampler(server.pid).start()
  let first: {
    primed: number
    known: number
    r: LoadResult
    again: LoadResult
    steadyCommits: number
  }
  let restartCommits = 0
  try {
    const primed = rss.last
    const before = await commits()
    const again = await load(ctx, server, { ...paced, durationMs: DELAY_SECONDS * 1000 })
    restartCommits = (await commits()) - before
    const known = rss.last
    const steadyBefore = await commits()
    rss.peak = 0
    const r = await load(ctx, server, {
      ...paced,
      durationMs: Math.max(ctx.options.durationSeconds, DELAY_SECONDS) * 1000,
    })
    const steadyCommits = (await commits()) - steadyBefore
    first = { primed, known, r, again, steadyCommits }
  } finally {
    rss.stop()
    await server.stop()
  }
  const { again } = first
  const row = toRow(
    { phase: 'fleet100k', name: `fleet100k: ${terminals} terminals` },
    first.r,
    rss.peak,
  )
  const bytesPerDevice = (first.known - idle) / terminals
  const fleet = {
    terminals,
    rssIdleMB: idle / MB,
    rssPrimedMB: first.primed / MB,
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
        `${terminals} serials on ${connections} connections, each polling every ${DELAY_SECONDS} s; RSS of an ` +
        `empty server ${fleet.rssIdleMB.toFixed(0)} MB; restarted with every device known: serving in ` +
        `${restartSeconds.toFixed(1)} s at ${fleet.rssPrimedMB.toFixed(0)} MB, its first ${again.requests} ` +
        `polls p99 ${fleet.restartP99Ms.toFixed(1)} ms with ${restartCommits} database commits; after every ` +
        `device polled ${fleet.rssKnownMB.toFixed(0)} MB (${Math.round(bytesPerDevice)} bytes per device), ` +
        `peak ${(rss.peak / MB).toFixed(0)} MB; ${first.steadyCommits} database commits in ` +
        `${first.r.requests} steady polls`,
    },
  ]
}
