import type { ServerProcess } from './child-process'
import { generateLoad, type LoadResult, type LoadSpec } from './load-generator'
import { RssSampler } from './proc-stats'
import type { PhaseResult } from './results'
import type { RunContext } from './run-context'
import { startServerUnderTest } from './server-under-test'

export const MB = 1024 * 1024
export const DAY = 86_400
/** Device-clock start of each phase's punches (2025-01-01), phases 30 days apart */
export const EPOCH = 1_735_689_600

/** Runs `fn` against a fresh server process, sampling its RSS; always stops it. */
export async function withServer<T>(
  ctx: RunContext,
  profileDir: string | undefined,
  pollDelaySeconds: number,
  fn: (server: ServerProcess, rss: RssSampler) => Promise<T>,
  legacyPort?: number,
): Promise<T> {
  const start = () =>
    startServerUnderTest({
      ...(ctx.databaseUrl ? { databaseUrl: ctx.databaseUrl } : {}),
      pgliteDir: ctx.pgliteDir,
      pollDelaySeconds,
      ...(profileDir ? { cpuProfileDir: profileDir } : {}),
      ...(legacyPort ? { legacyPort } : {}),
    })
  // PGlite is one process's database; several servers share Postgres only. Started one after another, so
  // only the first applies the migrations.
  const count = ctx.databaseUrl ? ctx.options.servers : 1
  const started: ServerProcess[] = []
  try {
    for (let i = 0; i < count; i++) started.push(await start())
  } catch (e) {
    await Promise.all(started.map((s) => s.stop()))
    throw e
  }
  const first = started[0] as ServerProcess
  const server: ServerProcess =
    count === 1
      ? first
      : {
          ...first,
          ports: started.map((s) => s.port),
          pids: started.map((s) => s.pid),
          stop: async (graceMs) => {
            await Promise.all(started.map((s) => s.stop(graceMs)))
          },
          stderr: () => started.map((s) => s.stderr()).join('\n'),
          stdout: () => started.map((s) => s.stdout()).join('\n'),
        }
  // RSS is the first process's: each holds the same caches.
  const rss = new RssSampler(server.pid).start()
  try {
    return await fn(server, rss)
  } finally {
    rss.stop()
    await server.stop()
  }
}

export function load(
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
    observe: server.pids ?? [server.pid],
    ...(server.ports ? { ports: server.ports } : {}),
    ...(ctx.databaseUrl ? { postgresDatabase: new URL(ctx.databaseUrl).pathname.slice(1) } : {}),
    ...spec,
  })
}

/** Times a terminal repeats a handshake that did not get the option block, before the phase goes on without it. */
export const HANDSHAKE_RETRIES = 5

/**
 * The log line for a round of handshakes that did not all get the option block at the first try: how many did in
 * the end, the re-sends, a sample reply, and the server's last `device request failed` line, which says why (a
 * plain `OK` to a handshake is what the server answers when its database watchdog gave up on the request).
 */
export function handshakeReport(
  r: Pick<LoadResult, 'ok' | 'errors' | 'unexpected' | 'resent' | 'unexpectedSample'>,
  terminals: number,
  serverLog: string,
): string | undefined {
  if (r.ok >= terminals && r.resent === 0) return undefined
  const failed = serverLog
    .split('\n')
    .filter((l) => l.includes('device request failed'))
    .at(-1)
  return (
    `  handshake: ${r.ok}/${terminals} ok, ${r.resent} re-sent after ${r.unexpected} unexpected replies ` +
    `(${r.unexpectedSample ?? 'none'}) and ${r.errors} socket errors` +
    (failed ? `; server: ${failed.slice(0, 300)}` : '')
  )
}

/**
 * Makes every terminal known to the server: one handshake each, as after boot, 200 at a time; one that is not
 * answered with the option block is sent again (HANDSHAKE_RETRIES), as firmware does.
 */
export async function handshakeAll(ctx: RunContext, server: ServerProcess, terminals: number) {
  const r = await load(ctx, server, {
    kind: 'handshake',
    mode: 'once',
    terminals,
    connections: Math.min(terminals, 200),
    durationMs: 300_000,
    retries: HANDSHAKE_RETRIES,
  })
  const line = handshakeReport(r, terminals, server.stdout())
  if (line) ctx.log(line)
  return r
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
      // every server process together
      server: r.observedCpuShare.reduce((a, b) => a + b, 0),
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
