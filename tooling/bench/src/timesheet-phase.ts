import { randomBytes } from 'node:crypto'
import { personPin } from './attendance-seed'
import { connect, createBenchDatabase, dropBenchDatabase, type Sql } from './bench-database'
import { LatencyHistogram } from './histogram'
import {
  cpuDelta,
  cpuSecondsByComm,
  postgresProcessOf,
  RssSampler,
  readCpuSeconds,
  readMachineCpu,
} from './proc-stats'
import type { PhaseResult } from './results'
import { migrate, type RunContext } from './run-context'
import { MB } from './server-session'
import { startServerUnderTest } from './server-under-test'
import { seedTimesheetMonth, TIMESHEET_MONTH, timesheetDeviceSn } from './timesheet-seed'

/** Late punches timed one after another, each for another person. */
const LATE_PUNCHES = 10
/** How often the bench asks whether the day shows the late punch. */
const POLL_MS = 20

export function timesheetDatabaseName(runDatabase: string): string {
  return `${runDatabase}_timesheets`
}

async function queueLength(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: string }[]>`select count(*)::text as n from timesheet_queue`
  return Number(row?.n ?? 0)
}

/** CPU shares of the server, the database's Postgres processes and the machine over a window. */
function cpuWindow(serverPid: number, database: string) {
  const keep = postgresProcessOf(database)
  const server = readCpuSeconds(serverPid)
  const pg = cpuSecondsByComm('postgres', keep)
  const machine = readMachineCpu()
  const started = performance.now()
  return (cores: number) => {
    const capacity = ((performance.now() - started) / 1000) * cores
    const m = readMachineCpu()
    return {
      generator: 0,
      server: (readCpuSeconds(serverPid) - server) / capacity,
      postgres: cpuDelta(pg, cpuSecondsByComm('postgres', keep)) / capacity,
      machine: (m.busy - machine.busy) / (m.total - machine.total || 1),
    }
  }
}

/**
 * Timesheets at office scale: a month of 4 punches a day for every person, seeded with COPY, then every person-day
 * of the month queued in one statement and computed by the server's own background worker (claim, engine, store)
 * until the queue is empty; then late punches sent through `/iclock/cdata`, each timed until
 * `GET /api/timesheets` shows it.
 */
export async function timesheetPhase(ctx: RunContext): Promise<PhaseResult[]> {
  if (!ctx.databaseUrl) throw new Error('the timesheets phase needs Postgres (--db postgres)')
  const name = timesheetDatabaseName(new URL(ctx.databaseUrl).pathname.slice(1))
  const databaseUrl = await createBenchDatabase(ctx.databaseUrl, name)
  const sql = connect(databaseUrl, Math.max(1, ctx.cores))
  const people = ctx.options.timesheetPeople
  const personDays = people * TIMESHEET_MONTH.days
  try {
    await migrate({ ...ctx, databaseUrl })
    const t0 = performance.now()
    const punches = await seedTimesheetMonth(sql, people, Math.max(1, ctx.cores))
    const seedSeconds = (performance.now() - t0) / 1000
    ctx.log(`  seeded ${punches} punches in ${seedSeconds.toFixed(1)} s`)
    const adminToken = randomBytes(24).toString('hex')
    const server = await startServerUnderTest({
      databaseUrl,
      pgliteDir: ctx.pgliteDir,
      pollDelaySeconds: 10,
      adminToken,
      timeZone: 'UTC',
    })
    const rows: PhaseResult[] = []
    try {
      // The worker's first pass queues yesterday for everyone (the daily close): let it finish first.
      for (let i = 0; i < 600 && (await queueLength(sql)) > 0; i++) await Bun.sleep(100)
      const rss = new RssSampler(server.pid, 50).start()
      const cpu = cpuWindow(server.pid, name)
      const started = performance.now()
      await sql`
        insert into timesheet_queue (pin, "from", "to")
        select pin, ${TIMESHEET_MONTH.from}::date, ${TIMESHEET_MONTH.to}::date from people
        on conflict (pin) where lease_until is null do update set
          "from" = least(timesheet_queue."from", excluded."from"),
          "to" = greatest(timesheet_queue."to", excluded."to")`
      const queued = (performance.now() - started) / 1000
      while ((await queueLength(sql)) > 0) await Bun.sleep(100)
      const seconds = (performance.now() - started) / 1000
      const shares = cpu(ctx.cores)
      const peak = rss.stop()
      const [stored] = await sql<{ n: string }[]>`
        select count(*)::text as n from timesheet_days
        where date between ${TIMESHEET_MONTH.from}::date and ${TIMESHEET_MONTH.to}::date`
      const days = Number(stored?.n ?? 0)
      ctx.log(
        `  ${days} person-days computed in ${seconds.toFixed(1)} s, RSS peak ${(peak / MB).toFixed(0)} MB`,
      )
      rows.push({
        phase: 'timesheets',
        name: `timesheet month: ${people.toLocaleString('en-US')} people × ${TIMESHEET_MONTH.days} days, ${punches.toLocaleString('en-US')} punches`,
        terminals: 0,
        connections: 0,
        seconds,
        requests: 0,
        requestsPerSecond: 0,
        punches,
        punchesPerSecond: punches / seconds,
        serverRssPeakMB: peak / MB,
        cpu: shares,
        errors: 0,
        unexpected: days === personDays ? 0 : 1,
        ...(days === personDays
          ? {}
          : { unexpectedSample: `${days} of ${personDays} person-days stored` }),
        note:
          `every person's month queued in one statement (${queued.toFixed(1)} s, counted) and computed by ` +
          `the server's background worker until the queue was empty: ${Math.round(days / seconds).toLocaleString('en-US')} ` +
          `person-days/s; seeded with COPY in ${seedSeconds.toFixed(1)} s (not counted).`,
      })
      rows.push(await latePunches(ctx, server.port, adminToken, people))
    } finally {
      await server.stop()
    }
    return rows
  } finally {
    await sql.end({ timeout: 5 })
    await dropBenchDatabase(ctx.databaseUrl, name)
  }
}

/** A punch after the day's last one, sent as a terminal would, timed until the stored day shows it. */
async function latePunches(
  ctx: RunContext,
  port: number,
  token: string,
  people: number,
): Promise<PhaseResult> {
  const base = `http://127.0.0.1:${port}`
  const latency = new LatencyHistogram()
  let unexpected = 0
  for (let i = 0; i < LATE_PUNCHES; i++) {
    const person = Math.floor((i * people) / LATE_PUNCHES)
    const pin = personPin(person)
    const date = '2026-11-16'
    const started = performance.now()
    const res = await fetch(
      `${base}/iclock/cdata?SN=${timesheetDeviceSn(person % 100)}&table=ATTLOG&Stamp=1`,
      { method: 'POST', body: `${pin}\t${date} 19:30:00\t1\t1\t0\n` },
    )
    if ((await res.text()) !== 'OK:1') unexpected++
    const want = `${date}T19:30:00.000Z`
    for (;;) {
      const day = await fetch(`${base}/api/timesheets?pin=${pin}&from=${date}&to=${date}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      const body = (await day.json()) as { items: Array<{ lastOut: string | null }> }
      if (body.items[0]?.lastOut === want) break
      if (performance.now() - started > 30_000) {
        unexpected++
        break
      }
      await Bun.sleep(POLL_MS)
    }
    latency.record(performance.now() - started)
  }
  const p50 = latency.percentile(50)
  ctx.log(`  late punch visible: p50 ${p50.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms`)
  return {
    phase: 'timesheets',
    name: 'timesheet late punch: ATTLOG to GET /api/timesheets',
    terminals: 1,
    connections: 1,
    seconds: 0,
    requests: LATE_PUNCHES,
    requestsPerSecond: 0,
    latencyMs: {
      p50,
      p95: latency.percentile(95),
      p99: latency.percentile(99),
      max: latency.max,
    },
    errors: 0,
    unexpected,
    note: `${LATE_PUNCHES} late check-outs (19:30 on 16 November), one person each, sent through /iclock/cdata; each timed until its day's last out read back through the API (polled every ${POLL_MS} ms).`,
  }
}
