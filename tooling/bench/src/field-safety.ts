/**
 * Field-safety figures against the real server process on Postgres:
 * - RSS of the server after `--serials` made-up serials knock (handshake + poll each) in `approve` mode, and the
 *   device rows and list page they leave;
 * - deadlocks (Postgres' own count for the database) under `--requests` polls of which one in ten is a handshake.
 *
 * Usage: bun tooling/bench/src/field-safety.ts --database-url postgres://… [--server path/to/main.ts]
 *   [--serials 20000] [--requests 4000] [--devices 50] [--concurrency 50] [--known 0] [--processes 1]
 */
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { freePort, type ServerProcess, startProcess } from './child-process'
import { readRss } from './proc-stats'
import { serverMain } from './server-under-test'

const MIB = 1024 * 1024

interface Args {
  databaseUrl: string
  serials: number
  requests: number
  devices: number
  concurrency: number
  /** Server processes sharing the database in the mixed load (requests alternate between them) */
  processes: number
  /** Devices already known before the mixed load (a large table changes the plan of the presence update) */
  known: number
  /** Entry point of the server to measure (another checkout's, to compare) */
  serverMain: string
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    databaseUrl: process.env.DATABASE_URL ?? '',
    serials: 20_000,
    requests: 4_000,
    devices: 50,
    concurrency: 50,
    known: 0,
    processes: 1,
    serverMain: serverMain(),
  }
  for (let i = 0; i < argv.length; i += 2) {
    const value = argv[i + 1] ?? ''
    if (argv[i] === '--database-url') args.databaseUrl = value
    else if (argv[i] === '--serials') args.serials = Number(value)
    else if (argv[i] === '--requests') args.requests = Number(value)
    else if (argv[i] === '--devices') args.devices = Number(value)
    else if (argv[i] === '--concurrency') args.concurrency = Number(value)
    else if (argv[i] === '--server') args.serverMain = value
    else if (argv[i] === '--known') args.known = Number(value)
    else if (argv[i] === '--processes') args.processes = Number(value)
    else throw new Error(`unknown option ${argv[i]}`)
  }
  if (!args.databaseUrl) throw new Error('--database-url (or DATABASE_URL) is required')
  return args
}

/** A fresh database on the server of `url`; dropped by the returned function. */
async function freshDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `webroster_field_${process.pid}_${randomBytes(3).toString('hex')}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const own = new URL(url)
  own.pathname = `/${name}`
  return {
    url: own.toString(),
    async drop() {
      const dropper = postgres(url, { max: 1, onnotice: () => {} })
      await dropper.unsafe(`drop database if exists ${name} with (force)`)
      await dropper.end()
    },
  }
}

async function startServer(args: Args, databaseUrl: string, env: Record<string, string>) {
  const port = freePort()
  const adminToken = randomBytes(24).toString('hex')
  const server = await startProcess(
    [process.execPath, args.serverMain],
    {
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ADMIN_TOKEN: adminToken,
      DATABASE_URL: databaseUrl,
      POLL_DELAY_SECONDS: '10',
      ...env,
    },
    port,
    async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok,
  )
  return { server, adminToken, base: `http://127.0.0.1:${port}` }
}

/** Runs `count` requests made by `make(i)`, `concurrency` at a time; returns each one's latency (ms). */
async function run(
  count: number,
  concurrency: number,
  make: (i: number) => Promise<Response>,
): Promise<{ latencies: number[]; failures: number }> {
  const latencies: number[] = []
  let failures = 0
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      const started = performance.now()
      try {
        const res = await make(i)
        await res.arrayBuffer()
        if (res.status >= 500) failures++
      } catch {
        failures++
      }
      latencies.push(performance.now() - started)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { latencies, failures }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

async function settle(server: ServerProcess): Promise<number> {
  // Let the presence timer and the garbage collector run before reading RSS.
  await Bun.sleep(5000)
  return readRss(server.pid) ?? 0
}

async function unknownSerials(args: Args): Promise<void> {
  const db = await freshDatabase(args.databaseUrl)
  // The per-address limit alone would throttle one client to 50/s; lifted, this measures the registration bounds.
  const { server, adminToken, base } = await startServer(args, db.url, {
    DEVICE_ADMISSION: 'approve',
    DEVICE_RATE_LIMIT: '100000',
  })
  try {
    const idle = await settle(server)
    const started = performance.now()
    const { failures } = await run(args.serials * 2, args.concurrency, (i) => {
      const sn = `FAKE${String(i >> 1).padStart(6, '0')}`
      return fetch(
        i % 2 === 0
          ? `${base}/iclock/cdata?SN=${sn}&options=all&pushver=2.4.1`
          : `${base}/iclock/getrequest?SN=${sn}&INFO=Ver%208.0,1,2,3,10.0.0.1`,
      )
    })
    const seconds = (performance.now() - started) / 1000
    const after = await settle(server)
    const sql = postgres(db.url, { max: 1, onnotice: () => {} })
    const [row] = await sql<Array<{ n: number }>>`select count(*)::int as n from devices`
    await sql.end()
    const page = await fetch(`${base}/api/devices`, {
      headers: { authorization: `Bearer ${adminToken}` },
    })
    const pageBytes = (await page.arrayBuffer()).byteLength
    console.log(
      `unknown serials: ${args.serials} serials (${args.serials * 2} requests, ${failures} 5xx/failed) ` +
        `in ${seconds.toFixed(1)} s; server RSS idle ${(idle / MIB).toFixed(1)} MiB, after ` +
        `${(after / MIB).toFixed(1)} MiB (+${((after - idle) / MIB).toFixed(1)} MiB); ` +
        `device rows ${row?.n}; GET /api/devices first page ${pageBytes} bytes`,
    )
  } finally {
    await server.stop()
    await db.drop()
  }
}

async function mixedLoad(args: Args): Promise<void> {
  const db = await freshDatabase(args.databaseUrl)
  const servers: Array<Awaited<ReturnType<typeof startServer>>> = []
  for (let p = 0; p < args.processes; p++) {
    servers.push(
      await startServer(args, db.url, { DEVICE_ADMISSION: 'open', DEVICE_RATE_LIMIT: '100000' }),
    )
  }
  const baseOf = (i: number) => servers[i % servers.length]?.base ?? ''
  const sql = postgres(db.url, { max: 1, onnotice: () => {} })
  const deadlocks = async () => {
    const [row] = await sql<Array<{ n: number }>>`
      select deadlocks::int as n from pg_stat_database where datname = current_database()`
    return row?.n ?? 0
  }
  try {
    await sql`
      insert into devices (sn, status)
      select 'KNOWN' || lpad(g::text, 6, '0'), 'approved' from generate_series(1, ${args.known}) g`
    const sns = Array.from({ length: args.devices }, (_, i) => `MIX${String(i).padStart(5, '0')}`)
    await run(sns.length, args.concurrency, (i) =>
      fetch(`${baseOf(i)}/iclock/cdata?SN=${sns[i]}&options=all&pushver=2.4.1`),
    )
    const before = await deadlocks()
    const started = performance.now()
    const { latencies, failures } = await run(args.requests, args.concurrency, (i) => {
      const sn = sns[i % sns.length]
      const base = baseOf(i)
      return fetch(
        i % 10 === 0
          ? `${base}/iclock/cdata?SN=${sn}&options=all&pushver=2.4.1`
          : `${base}/iclock/getrequest?SN=${sn}&temp=${i % 90}&INFO=Ver%208.0,1,2,3,10.0.0.${i % 250}`,
      )
    })
    const seconds = (performance.now() - started) / 1000
    await Bun.sleep(2000)
    const count = (await deadlocks()) - before
    latencies.sort((a, b) => a - b)
    console.log(
      `mixed load: ${args.requests} requests (1 in 10 a handshake) over ${args.devices} devices, ` +
        `${args.processes} server process(es), ` +
        `${args.concurrency} at a time, in ${seconds.toFixed(1)} s: ${count} deadlocks, ${failures} 5xx/failed; ` +
        `latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, ` +
        `max ${(latencies.at(-1) ?? 0).toFixed(1)} ms`,
    )
  } finally {
    await sql.end()
    for (const { server } of servers) await server.stop()
    await db.drop()
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  await mixedLoad(args)
  if (args.serials > 0) await unknownSerials(args)
}

await main()
