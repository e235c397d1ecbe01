import { randomBytes } from 'node:crypto'
import { parseCommandLines } from '@webroster/protocol'
import type { ServerProcess } from './child-process'
import { RssSampler } from './proc-stats'
import type { PhaseResult } from './results'
import type { RunContext } from './run-context'
import { MB } from './server-session'
import { startServerUnderTest } from './server-under-test'

/** How one simulated terminal fared: polls that brought commands, records received, requests made. */
export interface TerminalOutcome {
  polls: number
  records: number
  requests: number
}

/** What the phase reports of its terminals: polls that brought commands, and how many got exactly `people` records. */
export function summariseTerminals(outcomes: readonly TerminalOutcome[], people: number) {
  const polls = outcomes.map((o) => o.polls)
  return {
    maxPolls: Math.max(...polls),
    meanPolls: polls.reduce((a, b) => a + b, 0) / polls.length,
    // A record sent twice is as wrong as one missing: only the exact count is a provisioned terminal.
    complete: outcomes.filter((o) => o.records === people).length,
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function inPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T
      await fn(item)
    }
  })
  await Promise.all(lanes)
}

function client(server: ServerProcess, adminToken: string) {
  const base = `http://127.0.0.1:${server.port}`
  return {
    base,
    async api(method: string, path: string, body: unknown): Promise<unknown> {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`)
      return res.json()
    },
  }
}

/**
 * A terminal as firmware behaves once its people are queued: poll, run every command,
 * post one result per command id, poll again, until a poll answers `OK`. Polls go back to back, so the time is
 * the server's, not the firmware's `Delay`.
 */
async function provisionTerminal(base: string, sn: string): Promise<TerminalOutcome> {
  const outcome: TerminalOutcome = { polls: 0, records: 0, requests: 0 }
  for (;;) {
    const body = await (await fetch(`${base}/iclock/getrequest?SN=${sn}`)).text()
    outcome.requests++
    if (body.trim() === 'OK') return outcome
    outcome.polls++
    const { records } = parseCommandLines(body)
    for (const r of records) {
      outcome.records += r.command.type === 'DATA BATCH' ? r.command.records.length : 1
    }
    const results = records.map((r) => `ID=${r.id}&Return=0&CMD=DATA\n`).join('')
    const res = await fetch(`${base}/iclock/devicecmd?SN=${sn}`, { method: 'POST', body: results })
    await res.text()
    outcome.requests++
  }
}

/**
 * Provisioning: `people` people in one group, then `terminals` Attendance PUSH 2.4.1 (or legacy) terminals join it
 * (each join queues its people) and each polls until it has them all. Reports the time and the polls per terminal.
 */
export async function provisionPhase(ctx: RunContext): Promise<PhaseResult[]> {
  const { provisionPeople: peopleCount, provisionTerminals: terminals } = ctx.options
  const legacy = ctx.options.provisionFirmware === 'legacy'
  const adminToken = randomBytes(24).toString('hex')
  const server = await startServerUnderTest({
    ...(ctx.databaseUrl ? { databaseUrl: ctx.databaseUrl } : {}),
    pgliteDir: ctx.pgliteDir,
    pollDelaySeconds: 10,
    adminToken,
  })
  const rss = new RssSampler(server.pid).start()
  try {
    const { base, api } = client(server, adminToken)
    const sns = Array.from({ length: terminals }, (_, i) => `PROV${String(i).padStart(5, '0')}`)
    await inPool(sns, 20, async (sn) => {
      const firmware = legacy ? '' : '&pushver=2.4.1&language=69&DeviceType=att'
      const res = await fetch(`${base}/iclock/cdata?SN=${sn}&options=all${firmware}`)
      await res.text()
    })
    const group = (await api('POST', '/api/groups', { name: `bench ${Date.now()}` })) as {
      id: number
    }
    const pins = Array.from({ length: peopleCount }, (_, i) => String(100_000 + i))
    // People first, while no terminal is in the group: creating them queues nothing.
    await inPool(pins, 8, async (pin) => {
      await api('POST', '/api/people', {
        pin,
        name: `Persona ${pin} Núñez`,
        card: String(4_000_000_000 + Number(pin)),
        groupIds: [group.id],
      })
    })
    ctx.log(`  ${peopleCount} people created; ${terminals} terminals join the group`)
    rss.peak = 0
    const started = performance.now()
    let queuedAt = 0
    const outcomes = new Map<string, TerminalOutcome>()
    await inPool(sns, terminals, async (sn) => {
      await api('PATCH', `/api/devices/${sn}`, { groupIds: [group.id] })
      queuedAt = Math.max(queuedAt, performance.now())
      outcomes.set(sn, await provisionTerminal(base, sn))
    })
    const seconds = (performance.now() - started) / 1000
    const all = [...outcomes.values()]
    const { maxPolls, meanPolls, complete } = summariseTerminals(all, peopleCount)
    const short = terminals - complete
    const requests = all.reduce((n, o) => n + o.requests, 0) + terminals
    return [
      {
        phase: 'provision',
        name: `provision: ${peopleCount.toLocaleString('en-US')} people onto ${terminals} ${legacy ? 'legacy ' : ''}terminals`,
        terminals,
        connections: terminals,
        seconds,
        requests,
        requestsPerSecond: requests / seconds,
        serverRssPeakMB: rss.peak / MB,
        errors: 0,
        unexpected: short,
        ...(short > 0
          ? { unexpectedSample: `${short} terminals did not get exactly ${peopleCount} records` }
          : {}),
        provision: { maxPolls, meanPolls, people: peopleCount, complete },
        note:
          `${seconds.toFixed(1)} s from the first join to the last terminal done (joins queued in ` +
          `${((queuedAt - started) / 1000).toFixed(1)} s); polls that brought commands per terminal: ` +
          `max ${maxPolls}, mean ${meanPolls.toFixed(1)}; ${short === 0 ? 'every terminal' : `${complete} of ${terminals} terminals`} ` +
          `received exactly ${peopleCount.toLocaleString('en-US')} records.`,
      },
    ]
  } finally {
    rss.stop()
    await server.stop()
  }
}
