import { cpus } from 'node:os'
import { children } from './child-registry'
import { LatencyHistogram } from './histogram'
import type { WorkerConfig, WorkerResult } from './load-worker'
import {
  cpuDelta,
  cpuSecondsByComm,
  postgresProcessOf,
  readCpuSeconds,
  readMachineCpu,
} from './proc-stats'

/** A phase's load, split by the generator over `workers` processes. */
export interface LoadSpec
  extends Omit<WorkerConfig, 'firstTerminal' | 'terminals' | 'connections' | 'startAt'> {
  terminals: number
  connections: number
  workers: number
  firstTerminal?: number
  /** Processes whose CPU use inside the window is reported (the server under test) */
  observe?: number[]
  /** The Postgres database the server uses, whose backends' CPU is reported */
  postgresDatabase?: string
}

export interface LoadResult {
  requests: number
  ok: number
  unexpected: number
  unexpectedSample?: string
  errors: number
  /** Requests sent again after a failed one (`retries`) */
  resent: number
  latency: LatencyHistogram
  /** Longest worker window, ms */
  elapsedMs: number
  /** Generator CPU seconds / (window × cores) */
  generatorCpuShare: number
  /** Each observed pid's CPU seconds / (window × cores) */
  observedCpuShare: number[]
  /** Every Postgres process together, CPU seconds / (window × cores) */
  postgresCpuShare: number
  /** Whole machine busy share over the window */
  machineCpuShare: number
}

/** Splits `total` into `parts` near-equal integers. */
export function split(total: number, parts: number): number[] {
  const base = Math.floor(total / parts)
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0))
}

/** Runs a phase's load in separate generator processes and merges their results. */
export async function generateLoad(spec: LoadSpec): Promise<LoadResult> {
  const workers = Math.max(1, Math.min(spec.workers, spec.terminals))
  const terminalShares = split(spec.terminals, workers)
  const connectionShares = split(Math.max(spec.connections, workers), workers)
  // time for each process to load and connect before the common window opens
  const startAt = Date.now() + 700 + Math.ceil(spec.connections / 2)
  const { observe = [], workers: _w, postgresDatabase, ...base } = spec
  let first = spec.firstTerminal ?? 0
  const procs = terminalShares.map((terminals, i) => {
    const config: WorkerConfig = {
      ...base,
      firstTerminal: first,
      terminals,
      connections: connectionShares[i] ?? 1,
      startAt,
    }
    first += terminals
    const script = new URL('./load-worker-main.ts', import.meta.url).pathname
    return children.track(
      Bun.spawn([process.execPath, script], {
        env: { ...process.env, BENCH_WORKER: JSON.stringify(config) },
        stdin: 'ignore',
        stdout: 'pipe',
        stderr: 'inherit',
      }),
    )
  })
  await Bun.sleep(Math.max(0, startAt - Date.now()))
  const machineBefore = readMachineCpu()
  const observedBefore = observe.map(readCpuSeconds)
  const ours = postgresDatabase ? postgresProcessOf(postgresDatabase) : () => false
  const postgresBefore = cpuSecondsByComm('postgres', ours)
  const outputs = await Promise.all(procs.map((p) => new Response(p.stdout).text()))
  const postgresSeconds = cpuDelta(postgresBefore, cpuSecondsByComm('postgres', ours))
  const observedAfter = observe.map(readCpuSeconds)
  const machineAfter = readMachineCpu()
  await Promise.all(procs.map((p) => p.exited))
  const results = outputs.map((text, i) => {
    const line = text.trim().split('\n').at(-1) ?? ''
    if (!line.startsWith('{'))
      throw new Error(`load worker ${i} gave no result: ${text.slice(0, 500)}`)
    return JSON.parse(line) as WorkerResult
  })
  const merged = merge(results, observedBefore, observedAfter, machineBefore, machineAfter)
  const capacity = (merged.elapsedMs / 1000) * cpus().length
  return { ...merged, postgresCpuShare: capacity > 0 ? postgresSeconds / capacity : 0 }
}

function merge(
  results: WorkerResult[],
  observedBefore: number[],
  observedAfter: number[],
  machineBefore: { busy: number; total: number },
  machineAfter: { busy: number; total: number },
): Omit<LoadResult, 'postgresCpuShare'> {
  const latency = new LatencyHistogram()
  const out: Omit<
    LoadResult,
    'generatorCpuShare' | 'observedCpuShare' | 'machineCpuShare' | 'postgresCpuShare'
  > = {
    requests: 0,
    ok: 0,
    unexpected: 0,
    errors: 0,
    resent: 0,
    latency,
    elapsedMs: 0,
  }
  let cpuSeconds = 0
  for (const r of results) {
    out.requests += r.requests
    out.ok += r.ok
    out.unexpected += r.unexpected
    out.errors += r.errors
    out.resent += r.resent ?? 0
    out.unexpectedSample ??= r.unexpectedSample
    latency.merge(LatencyHistogram.fromJSON(r.latency))
    out.elapsedMs = Math.max(out.elapsedMs, r.elapsedMs)
    cpuSeconds += r.cpuSeconds
  }
  const capacity = (out.elapsedMs / 1000) * cpus().length
  const machineTotal = machineAfter.total - machineBefore.total
  return {
    ...out,
    generatorCpuShare: capacity > 0 ? cpuSeconds / capacity : 0,
    observedCpuShare: observedAfter.map((a, i) =>
      capacity > 0 ? (a - (observedBefore[i] ?? 0)) / capacity : 0,
    ),
    machineCpuShare: machineTotal > 0 ? (machineAfter.busy - machineBefore.busy) / machineTotal : 0,
  }
}
