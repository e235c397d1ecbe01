import { measureCopyCeiling } from './copy-ceiling'
import { generateLoad } from './load-generator'
import type { PhaseResult } from './results'
import { migrate, type RunContext } from './run-context'
import { toRow } from './server-session'
import { startOkServer } from './server-under-test'

/** HTTP ceiling: the same generator and connections against a bare Bun.serve answering `OK`. */
export async function httpCeilingPhase(ctx: RunContext): Promise<PhaseResult[]> {
  const server = await startOkServer()
  try {
    const { terminals, workers, durationSeconds } = ctx.options
    const spec = {
      host: '127.0.0.1',
      port: server.port,
      kind: 'plain' as const,
      terminals,
      connections: terminals,
      workers,
      mode: 'closed' as const,
      intervalMs: 1000,
      batchLines: 1,
      baseEpoch: 0,
      observe: [server.pid],
    }
    if (!ctx.options.quick) await generateLoad({ ...spec, durationMs: 1000 })
    const r = await generateLoad({ ...spec, durationMs: durationSeconds * 1000 })
    const row = toRow({ phase: 'ceiling-http', name: 'ceiling-http: Bun.serve `OK`' }, r)
    // the latency floor for the paced poll target: the same paced load on the bare server
    const paced = await generateLoad({
      ...spec,
      mode: 'paced',
      intervalMs: ctx.options.pollIntervalSeconds * 1000,
      durationMs: durationSeconds * 1000,
    })
    const pacedRow = toRow(
      {
        phase: 'ceiling-http',
        name: `ceiling-http, paced: every ${ctx.options.pollIntervalSeconds} s`,
      },
      paced,
    )
    return [
      { ...row, terminals, connections: terminals },
      { ...pacedRow, terminals, connections: terminals },
    ]
  } finally {
    await server.stop()
  }
}

/** Storage ceiling: COPY of the same punch rows into a copy of the `punches` table. */
export async function copyCeilingPhase(ctx: RunContext): Promise<PhaseResult[]> {
  if (!ctx.databaseUrl) {
    ctx.log('  ceiling-copy needs Postgres; skipped on PGlite')
    return []
  }
  await migrate(ctx)
  const c = await measureCopyCeiling(ctx.databaseUrl, ctx.options.durationSeconds * 1000)
  return [
    {
      phase: 'ceiling-copy',
      name: 'ceiling-copy: Postgres COPY',
      terminals: 0,
      connections: c.connections,
      seconds: c.seconds,
      requests: Math.ceil(c.rows / c.chunkRows),
      requestsPerSecond: c.rows / c.chunkRows / c.seconds,
      punches: c.rows,
      punchesPerSecond: c.rowsPerSecond,
      cpu: c.cpu,
      errors: 0,
      unexpected: 0,
      note: `${c.connections} connections, one COPY (one commit) per ${c.chunkRows} rows, into a table made with \`like punches including all\``,
    },
  ]
}
