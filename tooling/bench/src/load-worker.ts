import { LatencyHistogram } from './histogram'
import { HttpConnection } from './http-connection'
import { readCpuSeconds } from './proc-stats'
import {
  attlogBody,
  attlogRequest,
  handshakeRequest,
  plainRequest,
  pollRequest,
  terminalSerial,
} from './workload'

export type RequestKind = 'poll' | 'handshake' | 'plain' | 'attlog'

/** What one generator process does; terminals are the index range [first, first + terminals). */
export interface WorkerConfig {
  host: string
  port: number
  /** Several server processes: connection slot `i` goes to `ports[i % ports.length]` (round-robin) */
  ports?: number[]
  kind: RequestKind
  firstTerminal: number
  terminals: number
  connections: number
  /** closed: back to back per connection; paced: each terminal every intervalMs; once: one each */
  mode: 'closed' | 'paced' | 'once'
  intervalMs: number
  durationMs: number
  /** Punches per ATTLOG request */
  batchLines: number
  /** First device-clock second of this phase's punches */
  baseEpoch: number
  /** Wall-clock ms at which every worker starts, so their windows line up */
  startAt: number
  /**
   * `once` mode: times a terminal sends again when its reply was not the expected one or its socket failed (firmware
   * repeats its handshake until it gets the option block); 0 or absent: once
   */
  retries?: number
}

export interface WorkerResult {
  requests: number
  /** 200 with the reply a terminal expects (`OK…`, `C:…`, `GET OPTION…`) */
  ok: number
  /** Anything else answered; the first one is kept as a sample */
  unexpected: number
  unexpectedSample?: string
  /** Socket failures (reconnected) */
  errors: number
  /** Requests sent again after a failed one (`retries`) */
  resent: number
  /** CPU seconds (utime + stime from /proc) this process used inside the window */
  cpuSeconds: number
  latency: ReturnType<LatencyHistogram['toJSON']>
  elapsedMs: number
}

const EXPECTED: Record<RequestKind, readonly string[]> = {
  poll: ['OK', 'C:'],
  handshake: ['GET OPTION'],
  plain: ['OK'],
  attlog: ['OK'],
}

/** Runs one worker's share of a phase and returns its counts and latency histogram. */
export async function runWorker(config: WorkerConfig): Promise<WorkerResult> {
  const histogram = new LatencyHistogram()
  const result: Omit<WorkerResult, 'latency' | 'elapsedMs' | 'cpuSeconds'> = {
    requests: 0,
    ok: 0,
    unexpected: 0,
    errors: 0,
    resent: 0,
  }
  const seq = new Array<number>(config.terminals).fill(0)
  // fixed requests are built once per terminal: the generator's CPU is not what is measured
  const fixed = new Map<number, Uint8Array>()
  const build = (t: number): Uint8Array => {
    switch (config.kind) {
      case 'poll':
      case 'handshake':
      case 'plain': {
        let bytes = fixed.get(t)
        if (!bytes) {
          const sn = terminalSerial(config.firstTerminal + t)
          bytes =
            config.kind === 'poll'
              ? pollRequest(sn)
              : config.kind === 'handshake'
                ? handshakeRequest(sn)
                : plainRequest()
          fixed.set(t, bytes)
        }
        return bytes
      }
      case 'attlog': {
        const s = seq[t] ?? 0
        seq[t] = s + config.batchLines
        const sn = terminalSerial(config.firstTerminal + t)
        return attlogRequest(sn, attlogBody(config.baseEpoch, s, config.batchLines))
      }
    }
  }
  const conns: (HttpConnection | undefined)[] = []
  const portOf = (slot: number) =>
    config.ports && config.ports.length > 0
      ? (config.ports[slot % config.ports.length] as number)
      : config.port
  const send = async (slot: number, t: number, since: number): Promise<boolean> => {
    const request = build(t)
    try {
      let conn = conns[slot]
      if (!conn || conn.closed) {
        conn = await HttpConnection.open(config.host, portOf(slot))
        conns[slot] = conn
      }
      const reply = await conn.request(request)
      histogram.record(performance.now() - since)
      result.requests++
      if (reply.status === 200 && EXPECTED[config.kind].some((p) => reply.body.startsWith(p))) {
        result.ok++
        return true
      }
      result.unexpected++
      result.unexpectedSample ??= `${reply.status} ${reply.body.slice(0, 120)}`
      return false
    } catch {
      result.errors++
      conns[slot]?.close()
      conns[slot] = undefined
      // a refused or reset connection fails instantly: do not spin
      await Bun.sleep(20)
      return false
    }
  }

  const slots = Math.max(1, Math.min(config.connections, config.terminals))
  // connect before the window opens: a terminal keeps its connection, set-up is not the load
  for (let i = 0; i < slots; i++) {
    conns[i] = await HttpConnection.open(config.host, portOf(i)).catch(() => undefined)
  }
  await Bun.sleep(Math.max(0, config.startAt - Date.now()))
  const cpuBefore = readCpuSeconds(process.pid)
  const started = performance.now()
  const deadline = started + config.durationMs
  if (config.mode === 'paced') await paced(config, slots, send, deadline)
  else await closed(config, slots, send, deadline, result)
  const elapsedMs = performance.now() - started
  const cpuSeconds = readCpuSeconds(process.pid) - cpuBefore
  for (const c of conns) c?.close()
  return { ...result, latency: histogram.toJSON(), elapsedMs, cpuSeconds }
}

type Send = (slot: number, t: number, since: number) => Promise<boolean>

async function closed(
  config: WorkerConfig,
  slots: number,
  send: Send,
  deadline: number,
  result: { resent: number },
) {
  let next = 0
  // once: terminals whose request failed, sent again after every terminal had its first turn
  const again: number[] = []
  const tries = new Map<number, number>()
  const loop = async (slot: number) => {
    // closed: each connection serves terminals slot, slot+slots, … back to back
    let t = slot
    while (performance.now() < deadline) {
      if (config.mode === 'once') {
        const retry = next >= config.terminals ? again.shift() : undefined
        if (next >= config.terminals && retry === undefined) return
        if (retry === undefined) t = next++
        else {
          t = retry
          result.resent++
        }
      }
      const ok = await send(slot, t, performance.now())
      if (config.mode === 'closed') t = t + slots < config.terminals ? t + slots : slot
      else if (!ok) {
        const n = (tries.get(t) ?? 0) + 1
        tries.set(t, n)
        if (n <= (config.retries ?? 0)) again.push(t)
      }
    }
  }
  await Promise.all(Array.from({ length: slots }, (_, i) => loop(i)))
}

async function paced(
  config: WorkerConfig,
  slots: number,
  send: (slot: number, t: number, since: number) => Promise<unknown>,
  deadline: number,
) {
  // terminals are spread evenly over one interval, so due times come round in index order
  const start = performance.now()
  const spacing = config.intervalMs / config.terminals
  type Job = { t: number; due: number }
  // a terminal keeps to its own connection and waits for its previous reply, as firmware does;
  // it also keeps every connection in use, so none is closed by the server's idle timeout
  const waiting: Job[][] = Array.from({ length: slots }, () => [])
  const busy = new Array<boolean>(slots).fill(false)
  const inFlight = new Set<Promise<void>>()
  const run = (slot: number, job: Job) => {
    busy[slot] = true
    // a send up to 1 ms early (timer granularity) counts from when it really left
    const p: Promise<void> = send(slot, job.t, Math.min(job.due, performance.now())).then(() => {
      inFlight.delete(p)
      busy[slot] = false
      const next = waiting[slot]?.shift()
      if (next) run(slot, next)
    })
    inFlight.add(p)
  }
  let k = 0
  while (true) {
    const due = start + k * spacing
    if (due >= deadline) break
    const wait = due - performance.now()
    if (wait > 1) await Bun.sleep(wait)
    // latency counts from the scheduled time: a late send is the server's delay, not a pause
    const job = { t: k % config.terminals, due }
    const slot = job.t % slots
    if (busy[slot]) waiting[slot]?.push(job)
    else run(slot, job)
    k++
  }
  while (inFlight.size > 0) await Promise.all([...inFlight])
}
