import type { ServerProcess } from './child-process'
import { generateLoad, type LoadResult, type LoadSpec } from './load-generator'
import { RssSampler } from './proc-stats'
import type { PhaseResult } from './results'
import { punchCount, type RunContext } from './run-context'
import { startServerUnderTest } from './server-under-test'

const MB = 1024 * 1024
const DAY = 86_400
/** Device-clock start of each phase's punches (2025-01-01), phases 30 days apart */
const EPOCH = 1_735_689_600

/** Runs `fn` against a fresh server process, sampling its RSS; always stops it. */
async function withServer<T>(
  ctx: RunContext,
  profileDir: string | undefined,
  pollDelaySeconds: number,
  fn: (server: ServerProcess, rss: RssSampler) => Promise<T>,
): Promise<T> {
  const server = await startServerUnderTest({
    ...(ctx.databaseUrl ? { databaseUrl: ctx.databaseUrl } : {}),
    pgliteDir: ctx.pgliteDir,
    pollDelaySeconds,
    ...(profileDir ? { cpuProfileDir: profileDir } : {}),
  })
  const rss = new RssSampler(server.pid).start()
  try {
    return await fn(server, rss)
  } finally {
    rss.stop()
    await server.stop()
  }
}

function load(
  ctx: RunContext,
  server: ServerProcess,
  spec: Partial<LoadSpec>,
): Promise<LoadResult> {
  return generateLoad({
    host: '127.0.0.1',
    port: server.port,
    kind: 'poll',
    terminals: ctx.options.terminals,
    connections: ctx.options.terminals,
    workers: ctx.options.workers,
    mode: 'closed',
    intervalMs: 1000,
    durationMs: ctx.options.durationSeconds * 1000,
    batchLines: 1,
    baseEpoch: EPOCH,
    observe: [server.pid],
    ...(ctx.databaseUrl ? { postgresDatabase: new URL(ctx.databaseUrl).pathname.slice(1) } : {}),
    ...spec,
  })
}

/** Makes every terminal known to the server: one handshake each, as after boot. */
async function handshakeAll(ctx: RunContext, server: ServerProcess, terminals: number) {
  const r = await load(ctx, server, {
    kind: 'handshake',
    mode: 'once',
    terminals,
    connections: Math.min(terminals, 200),
    durationMs: 300_000,
  })
  if (r.ok < terminals) {
    ctx.log(`  handshake: ${r.ok}/${terminals} ok, ${r.errors} errors, ${r.unexpectedSample ?? ''}`)
  }
}

/** The row a load result makes; the caller adds what is specific to the phase. */
export function toRow(base: Pick<PhaseResult, 'phase' | 'name'>, r: LoadResult, rssPeak?: number) {
  const seconds = r.elapsedMs / 1000
  const row: PhaseResult = {
    ...base,
    terminals: 0,
    connections: 0,
    seconds,
    requests: r.requests,
    requestsPerSecond: r.requests / seconds,
    latencyMs: {
      p50: r.latency.percentile(50),
      p95: r.latency.percentile(95),
      p99: r.latency.percentile(99),
      max: r.latency.max,
    },
    cpu: {
      generator: r.generatorCpuShare,
      server: r.observedCpuShare[0],
      postgres: r.postgresCpuShare,
      machine: r.machineCpuShare,
    },
    errors: r.errors,
    unexpected: r.unexpected,
    ...(r.unexpectedSample ? { unexpectedSample: r.unexpectedSample } : {}),
  }
  if (rssPeak !== undefined) row.serverRssPeakMB = rssPeak / MB
  return row
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
    rss.peak = 0
    const saturated = await load(ctx, server, {})
    const satRow = toRow(
      { phase: 'polls', name: 'polls, saturating: back to back' },
      saturated,
      rss.peak,
    )
    return [
      { ...pacedRow, terminals, connections: terminals, ceiling: 'http-latency' as const },
      { ...satRow, terminals, connections: terminals, ceiling: 'http' as const },
    ]
  })
}

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
  const offset = { realtime: 0, batch100: 30, batch500: 60 }[phase] + (profileDir ? 90 : 0)
  // PGlite lets one process open it, so there the count is taken with the server stopped
  const live = ctx.databaseUrl !== undefined
  const before = live ? 0 : await punchCount(ctx)
  const { row, ok, liveBefore, liveAfter } = await withServer(
    ctx,
    profileDir,
    1,
    async (server, rss) => {
      await handshakeAll(ctx, server, terminals)
      if (!ctx.options.quick) await load(ctx, server, { durationMs: 1000 })
      const liveBefore = live ? await punchCount(ctx) : 0
      rss.peak = 0
      const r = await load(ctx, server, {
        kind: 'attlog',
        batchLines: lines,
        connections,
        baseEpoch: EPOCH + offset * DAY,
      })
      const liveAfter = live ? await punchCount(ctx) : 0
      return { row: toRow({ phase, name: phase }, r, rss.peak), ok: r.ok, liveBefore, liveAfter }
    },
  )
  const punches = live ? liveAfter - liveBefore : (await punchCount(ctx)) - before
  // every punch is distinct, so what the server acknowledged must be exactly what it stored
  const acknowledged = ok * lines
  const mismatch =
    acknowledged === punches
      ? {}
      : { note: `${acknowledged} punches acknowledged with OK but ${punches} stored` }
  return [
    {
      ...row,
      name: `${phase}: ${lines === 1 ? 'single-punch' : `${lines}-line`} ATTLOG`,
      terminals,
      connections,
      punches,
      punchesPerSecond: punches / row.seconds,
      ceiling: 'copy',
      ...mismatch,
    },
  ]
}

/** RSS with many terminals known: handshake each once, then poll at the server's default Delay. */
export function rssPhase(ctx: RunContext, profileDir?: string): Promise<PhaseResult[]> {
  const terminals = ctx.options.rssTerminals
  const delay = 10
  return withServer(ctx, profileDir, delay, async (server, rss) => {
    const idle = rss.last
    await handshakeAll(ctx, server, terminals)
    const afterHandshake = rss.last
    const r = await load(ctx, server, {
      mode: 'paced',
      terminals,
      connections: Math.min(terminals, 1000),
      intervalMs: delay * 1000,
    })
    const row = toRow({ phase: 'rss10k', name: `rss10k: ${terminals} terminals` }, r, rss.peak)
    return [
      {
        ...row,
        terminals,
        connections: Math.min(terminals, 1000),
        note:
          `RSS idle ${(idle / MB).toFixed(0)} MB, after ${terminals} handshakes ` +
          `${(afterHandshake / MB).toFixed(0)} MB, peak under polls every ${delay} s ` +
          `${(rss.peak / MB).toFixed(0)} MB`,
      },
    ]
  })
}
