import type { PhaseResult } from './results'
import type { RunContext } from './run-context'
import { handshakeAll, load, MB, toRow, withServer } from './server-session'

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
