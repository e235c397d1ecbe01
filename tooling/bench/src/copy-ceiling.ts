import { cpus } from 'node:os'
import { connect } from './bench-database'
import {
  cpuDelta,
  cpuSecondsByComm,
  postgresProcessOf,
  readCpuSeconds,
  readMachineCpu,
} from './proc-stats'
import { punch } from './workload'

export interface CopyCeiling {
  rows: number
  seconds: number
  rowsPerSecond: number
  connections: number
  chunkRows: number
  /** CPU shares of wall time × cores: the bench process writing rows, Postgres, the whole machine */
  cpu: { generator: number; postgres: number; machine: number }
}

/** One COPY text row of a punch, in the columns the ATTLOG ingest fills. */
export function copyRow(sn: string, n: number, baseEpoch: number): string {
  const p = punch(baseEpoch, n)
  return `${sn}\t${p.pin}\t${p.time}\t${p.time}+00\t${p.status}\t${p.verify}\t${p.workCode}\n`
}

/**
 * The storage ceiling: the same punch rows streamed with COPY into a table shaped like `punches`
 * (same columns, defaults and indexes), one COPY per `chunkRows`, one stream per core.
 */
export async function measureCopyCeiling(
  url: string,
  durationMs: number,
  chunkRows = 10_000,
): Promise<CopyCeiling> {
  const connections = Math.max(1, cpus().length)
  const sql = connect(url, connections)
  try {
    await sql`drop table if exists bench_copy_ceiling`
    await sql`create table bench_copy_ceiling (like punches including all)`
    const columns = 'sn, pin, local_time, punched_at, status, verify, work_code'
    const database = new URL(url).pathname.slice(1)
    const pgBefore = cpuSecondsByComm('postgres', postgresProcessOf(database))
    const selfBefore = readCpuSeconds(process.pid)
    const machineBefore = readMachineCpu()
    const started = performance.now()
    const deadline = started + durationMs
    const stream = async (c: number) => {
      let n = 0
      while (performance.now() < deadline) {
        const sink = await sql.unsafe(`copy bench_copy_ceiling (${columns}) from stdin`).writable()
        const lines: string[] = []
        for (let i = 0; i < chunkRows; i++) lines.push(copyRow(`COPY${c}`, n++, 1_700_000_000))
        await new Promise<void>((resolve, reject) => {
          sink.on('error', reject)
          sink.on('finish', resolve)
          sink.end(lines.join(''))
        })
      }
    }
    await Promise.all(Array.from({ length: connections }, (_, c) => stream(c)))
    const seconds = (performance.now() - started) / 1000
    const capacity = seconds * cpus().length
    const machineAfter = readMachineCpu()
    const cpu = {
      generator: (readCpuSeconds(process.pid) - selfBefore) / capacity,
      postgres:
        cpuDelta(pgBefore, cpuSecondsByComm('postgres', postgresProcessOf(database))) / capacity,
      machine:
        (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total || 1),
    }
    const [row] = await sql<{ n: string }[]>`select count(*)::text as n from bench_copy_ceiling`
    const rows = Number(row?.n ?? 0)
    await sql`drop table bench_copy_ceiling`
    return { rows, seconds, rowsPerSecond: rows / seconds, connections, chunkRows, cpu }
  } finally {
    await sql.end({ timeout: 5 })
  }
}
