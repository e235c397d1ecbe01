import { randomBytes } from 'node:crypto'
import { deviceSn, personPin, type SeedShape, seedAttendance } from './attendance-seed'
import { connect, createBenchDatabase, dropBenchDatabase, type Sql } from './bench-database'
import type { ServerProcess } from './child-process'
import { LatencyHistogram } from './histogram'
import type { BenchOptions } from './options'
import {
  cpuDelta,
  cpuSecondsByComm,
  postgresProcessOf,
  RssSampler,
  readCpuSeconds,
  readMachineCpu,
  readRss,
} from './proc-stats'
import type { ExportFigures, PhaseResult } from './results'
import { migrate, type RunContext } from './run-context'
import { MB } from './server-session'
import { startServerUnderTest } from './server-under-test'

/** 2025-12-01 UTC: the seeded year runs to 2026-11-30 */
export const ATTENDANCE_START = 1_764_547_200
const YEAR_DAYS = 365

/** The office the phase seeds, from the options. */
export function attendanceShape(options: BenchOptions): SeedShape {
  return {
    people: options.attendancePeople,
    punches: options.attendancePunches,
    devices: options.quick ? 30 : 300,
    groups: options.quick ? 10 : 100,
    startEpoch: ATTENDANCE_START,
    days: YEAR_DAYS,
  }
}

/** An export window: date-only bounds (the `to` day included), read in UTC like the seeded punches. */
export interface ExportSpan {
  label: string
  from: string
  to: string
}

export const EXPORT_SPANS: readonly ExportSpan[] = [
  { label: 'one month (June 2026)', from: '2026-06-01', to: '2026-06-30' },
  { label: 'three months (June–August 2026)', from: '2026-06-01', to: '2026-08-31' },
  { label: 'twelve months (the whole year)', from: '2025-12-01', to: '2026-11-30' },
]

/** A day in the middle of the seeded year: the list's mid-year cursor points at its first punch */
const MID_YEAR = { from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z' }

type Query = Record<string, string>

/** A filter the list offers, and the values it is timed with (round robin). */
interface ListCase {
  filter: string
  queries: Query[]
}

/** Spread picks of `count` out of `n`, so timed values are not neighbours. */
function picks(n: number, count: number): number[] {
  return Array.from({ length: Math.min(n, count) }, (_, i) => Math.floor((i * n) / count))
}

/**
 * The filters of `GET /api/attendance` the bench knows how to fill, kept to those the route documents (so a
 * filter the route ignores is never timed as if it filtered).
 */
export function listCases(parameters: ReadonlySet<string>, shape: SeedShape): ListCase[] {
  const cases: ListCase[] = [{ filter: 'no filter', queries: [{}] }]
  if (parameters.has('pin')) {
    cases.push({
      filter: 'pin',
      queries: picks(shape.people, 5).map((i) => ({ pin: personPin(i) })),
    })
  }
  if (parameters.has('sn')) {
    cases.push({
      filter: 'device',
      queries: picks(shape.devices, 5).map((i) => ({ sn: deviceSn(i) })),
    })
  }
  if (parameters.has('from') && parameters.has('to')) {
    const months = ['2026-03', '2026-06', '2026-09']
    cases.push({
      filter: 'one month',
      queries: months.map((m) => ({
        from: `${m}-01T00:00:00Z`,
        to: `${m.slice(0, 5)}${String(Number(m.slice(5)) + 1).padStart(2, '0')}-01T00:00:00Z`,
      })),
    })
  }
  if (parameters.has('group')) {
    cases.push({
      filter: 'group',
      queries: picks(shape.groups, 5).map((i) => ({ group: String(i + 1) })),
    })
  }
  return cases
}

function api(server: ServerProcess, token: string) {
  const base = `http://127.0.0.1:${server.port}`
  return (path: string, query: Query = {}) => {
    const qs = new URLSearchParams(query).toString()
    return fetch(`${base}${path}${qs ? `?${qs}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  }
}

type Api = ReturnType<typeof api>

/** Query parameters `GET /api/attendance` documents in the server's OpenAPI document. */
async function listParameters(get: Api): Promise<Set<string>> {
  const res = await get('/api/openapi.json')
  if (!res.ok) throw new Error(`/api/openapi.json: HTTP ${res.status}`)
  const spec = (await res.json()) as {
    paths?: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>
  }
  const op = spec.paths?.['/api/attendance']?.get ?? spec.paths?.['/api/attendance/']?.get
  return new Set((op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name))
}

interface Page {
  items: unknown[]
  nextCursor: string | null
}

async function page(get: Api, query: Query): Promise<Page> {
  const res = await get('/api/attendance', query)
  if (!res.ok) throw new Error(`GET /api/attendance: HTTP ${res.status} ${await res.text()}`)
  return (await res.json()) as Page
}

/**
 * A cursor deep in the list: follow `nextCursor` up to `pages` pages of 1,000; when the rows fit in one such page,
 * walk pages of 10 to the middle instead. Undefined when the list has one page of 10 or less.
 */
async function deepCursor(
  get: Api,
  query: Query,
  pages: number,
): Promise<{ cursor: string; depth: number } | undefined> {
  for (const limit of [1000, 10]) {
    const cursors: { cursor: string; depth: number }[] = []
    let cursor: string | null = null
    let depth = 0
    for (let i = 0; i < (limit === 1000 ? pages : 500); i++) {
      const p: Page = await page(get, {
        ...query,
        limit: String(limit),
        ...(cursor ? { cursor } : {}),
      })
      depth += p.items.length
      cursor = p.nextCursor
      if (!cursor) break
      cursors.push({ cursor, depth })
    }
    if (limit === 1000 && cursors.length >= Math.min(pages, 2)) return cursors.at(-1)
    if (limit === 10 && cursors.length > 0) return cursors[Math.floor((cursors.length - 1) / 2)]
  }
  return undefined
}

/**
 * A cursor half the year in, taken from a one-day page: a cursor holds only the sort key, so it is valid for the
 * list without the day's bounds, and it reaches rows that following pages of 1,000 would take minutes to reach.
 */
async function midYearCursor(get: Api, query: Query): Promise<string | undefined> {
  const p = await page(get, { ...query, ...MID_YEAR, limit: '1' })
  return p.nextCursor ?? undefined
}

/** CPU shares of the server, the run's Postgres processes and the machine over a window. */
function cpuWindow(serverPid: number, database: string) {
  const keep = postgresProcessOf(database)
  const server = readCpuSeconds(serverPid)
  const self = readCpuSeconds(process.pid)
  const pg = cpuSecondsByComm('postgres', keep)
  const machine = readMachineCpu()
  const started = performance.now()
  return (cores: number) => {
    const capacity = ((performance.now() - started) / 1000) * cores
    const m = readMachineCpu()
    return {
      generator: (readCpuSeconds(process.pid) - self) / capacity,
      server: (readCpuSeconds(serverPid) - server) / capacity,
      postgres: cpuDelta(pg, cpuSecondsByComm('postgres', keep)) / capacity,
      machine: (m.busy - machine.busy) / (m.total - machine.total || 1),
    }
  }
}

/** One request after another (one operator's browser), round robin over `queries`, for `seconds`. */
async function timeList(get: Api, queries: Query[], seconds: number) {
  const latency = new LatencyHistogram()
  let errors = 0
  for (const q of queries) await (await get('/api/attendance', q)).text()
  const started = performance.now()
  const deadline = started + seconds * 1000
  for (let i = 0; performance.now() < deadline && latency.count < 5000; i++) {
    const t = performance.now()
    const res = await get('/api/attendance', queries[i % queries.length] as Query)
    await res.text()
    latency.record(performance.now() - t)
    if (!res.ok) errors++
  }
  return { latency, errors, elapsed: (performance.now() - started) / 1000 }
}

function latencyRow(latency: LatencyHistogram) {
  return {
    p50: latency.percentile(50),
    p95: latency.percentile(95),
    p99: latency.percentile(99),
    max: latency.max,
  }
}

async function measureList(
  ctx: RunContext,
  server: ServerProcess,
  get: Api,
  shape: SeedShape,
  database: string,
): Promise<PhaseResult[]> {
  const seconds = Math.min(ctx.options.durationSeconds, 3)
  const deepPages = ctx.options.quick ? 5 : 50
  const rss = new RssSampler(server.pid).start()
  const rows: PhaseResult[] = []
  try {
    for (const c of listCases(await listParameters(get), shape)) {
      const deep: Query[] = []
      let depth = 0
      for (const q of c.queries) {
        const d = await deepCursor(get, q, deepPages)
        if (!d) continue
        deep.push({ ...q, cursor: d.cursor })
        depth += d.depth
      }
      const variants: [string, Query[]][] = [['first page', c.queries]]
      if (deep.length > 0) {
        const rowsIn = Math.round(depth / deep.length).toLocaleString('en-US')
        variants.push([`deep page (~${rowsIn} rows in)`, deep])
      }
      if (!c.queries.some((q) => q.from)) {
        const mid: Query[] = []
        for (const q of c.queries) {
          const cursor = await midYearCursor(get, q)
          if (cursor) mid.push({ ...q, cursor })
        }
        if (mid.length > 0) variants.push(['mid-year page (cursor at 1 June 2026)', mid])
      }
      for (const [where, queries] of variants) {
        const cpu = cpuWindow(server.pid, database)
        const r = await timeList(get, queries, seconds)
        const name = `attendance list: ${c.filter}, ${where}`
        ctx.log(
          `  ${name}: p50 ${r.latency.percentile(50).toFixed(1)} ms, p99 ${r.latency.percentile(99).toFixed(1)} ms`,
        )
        rows.push({
          phase: 'attendance',
          name,
          terminals: 0,
          connections: 1,
          seconds: r.elapsed,
          requests: r.latency.count,
          requestsPerSecond: r.latency.count / r.elapsed,
          latencyMs: latencyRow(r.latency),
          cpu: cpu(ctx.cores),
          serverRssPeakMB: rss.peak / MB,
          errors: 0,
          unexpected: r.errors,
          ...(r.errors > 0 ? { unexpectedSample: 'non-2xx replies' } : {}),
        })
      }
    }
  } finally {
    rss.stop()
  }
  return rows
}

/** Reads a CSV reply to its end, counting lines, without keeping it. */
async function drainLines(res: Response): Promise<{ lines: number; bytes: number }> {
  let lines = 0
  let bytes = 0
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return { lines, bytes }
    bytes += value.length
    for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) lines++
  }
}

async function countBetween(sql: Sql, span: ExportSpan): Promise<number> {
  const [row] = await sql<{ n: string }[]>`
    select count(*)::text as n from punches
    where punched_at >= ${`${span.from}T00:00:00Z`}::timestamptz
      and punched_at < ${`${span.to}T00:00:00Z`}::timestamptz + interval '1 day'`
  return Number(row?.n ?? 0)
}

/** A server under test on the seeded database, with an admin token of its own. */
async function startAttendanceServer(
  ctx: RunContext,
  databaseUrl: string,
  profileDir: string | undefined,
) {
  const adminToken = randomBytes(24).toString('hex')
  const server = await startServerUnderTest({
    databaseUrl,
    pgliteDir: ctx.pgliteDir,
    pollDelaySeconds: 10,
    adminToken,
    ...(profileDir ? { cpuProfileDir: profileDir } : {}),
  })
  return { server, adminToken }
}

/** One CSV export on a fresh server (so RSS before is the same for every span), after a one-day warm-up. */
async function measureExport(
  ctx: RunContext,
  databaseUrl: string,
  sql: Sql,
  span: ExportSpan,
  profileDir: string | undefined,
): Promise<PhaseResult & { exportFigures: ExportFigures }> {
  const { server, adminToken } = await startAttendanceServer(ctx, databaseUrl, profileDir)
  try {
    const get = api(server, adminToken)
    const query = (from: string, to: string) => ({ format: 'csv', from, to, timeZone: 'UTC' })
    await drainLines(await get('/api/attendance/export', query(span.from, span.from)))
    await Bun.sleep(1000)
    const rssBefore = readRss(server.pid) ?? 0
    const rss = new RssSampler(server.pid, 20).start()
    const cpu = cpuWindow(server.pid, new URL(databaseUrl).pathname.slice(1))
    const started = performance.now()
    const res = await get('/api/attendance/export', query(span.from, span.to))
    if (!res.ok) throw new Error(`export: HTTP ${res.status} ${await res.text()}`)
    const { lines, bytes } = await drainLines(res)
    const seconds = (performance.now() - started) / 1000
    const shares = cpu(ctx.cores)
    const peak = rss.stop()
    const rows = lines - 1
    const expectedRows = await countBetween(sql, span)
    const exportFigures: ExportFigures = {
      rows,
      expectedRows,
      bytes,
      seconds,
      rowsPerSecond: rows / seconds,
      rssBeforeMB: rssBefore / MB,
      rssPeakMB: peak / MB,
    }
    ctx.log(
      `  export ${span.label}: ${rows} rows in ${seconds.toFixed(2)} s, RSS ${(rssBefore / MB).toFixed(0)} → ${(peak / MB).toFixed(0)} MB`,
    )
    return {
      phase: 'attendance',
      name: `attendance export: ${span.label}, CSV, every person`,
      terminals: 0,
      connections: 1,
      seconds,
      requests: 1,
      requestsPerSecond: 1 / seconds,
      punchesPerSecond: rows / seconds,
      serverRssPeakMB: peak / MB,
      cpu: shares,
      errors: 0,
      unexpected: rows === expectedRows ? 0 : 1,
      ...(rows === expectedRows
        ? {}
        : { unexpectedSample: `${rows} rows exported, ${expectedRows} in the database` }),
      exportFigures,
      note:
        `${rows.toLocaleString('en-US')} rows (${(bytes / MB).toFixed(1)} MB of CSV) in ${seconds.toFixed(2)} s; ` +
        `server RSS ${(rssBefore / MB).toFixed(0)} MB before, ${(peak / MB).toFixed(0)} MB at peak.`,
    }
  } finally {
    await server.stop()
  }
}

/**
 * The row that compares two exports' RSS growth (constant memory: it does not grow with the rows). The runtime's
 * collector lets RSS climb for a few seconds before it levels off, so the shorter export is three months, not one.
 */
export function memoryRow(short: ExportFigures, long: ExportFigures): PhaseResult {
  const grow = (f: ExportFigures) => Math.max(0, f.rssPeakMB - f.rssBeforeMB)
  return {
    phase: 'attendance',
    name: 'attendance export memory: three months against twelve',
    terminals: 0,
    connections: 1,
    seconds: 0,
    requests: 0,
    requestsPerSecond: 0,
    errors: 0,
    unexpected: 0,
    exportMemory: {
      rowsShort: short.rows,
      rowsLong: long.rows,
      growthShortMB: grow(short),
      growthLongMB: grow(long),
      extraCsvMB: (long.bytes - short.bytes) / MB,
    },
  }
}

async function seedRow(ctx: RunContext, sql: Sql, shape: SeedShape): Promise<PhaseResult> {
  const t = await seedAttendance(sql, shape, Math.max(1, ctx.cores))
  const [row] = await sql<{ n: string }[]>`select count(*)::text as n from punches`
  const punches = Number(row?.n ?? 0)
  const seconds = t.directory + t.punches + t.analyze
  ctx.log(`  seeded ${punches} punches in ${t.punches.toFixed(1)} s`)
  return {
    phase: 'attendance',
    name: `attendance seed: ${shape.people.toLocaleString('en-US')} people, ${punches.toLocaleString('en-US')} punches`,
    terminals: shape.devices,
    connections: Math.max(1, ctx.cores),
    seconds,
    requests: 0,
    requestsPerSecond: 0,
    punches,
    punchesPerSecond: punches / t.punches,
    errors: 0,
    unexpected: punches === shape.punches ? 0 : 1,
    note:
      `seeded with COPY (not measured against a target): ${shape.devices} approved devices in ` +
      `${shape.groups} groups, every person in their home device's group, a check-in and a check-out on ` +
      `${Math.ceil(shape.punches / shape.people / 2)} days of ${shape.days} per person; people and devices ` +
      `${t.directory.toFixed(1)} s, punches ${t.punches.toFixed(1)} s (indexes in place), ANALYZE ${t.analyze.toFixed(1)} s.`,
  }
}

/** The attendance phase's own database, beside the run's (so its year of punches never meets other phases'). */
export function attendanceDatabaseName(runDatabase: string): string {
  return `${runDatabase}_attendance`
}

/**
 * Attendance at office scale: a database of its own seeded with COPY (people, devices, groups, a year of punches),
 * then the list's first and a deep page for each filter, and month and quarter CSV exports, over HTTP with the
 * admin token.
 */
export async function attendancePhase(
  ctx: RunContext,
  profileDir?: string,
): Promise<PhaseResult[]> {
  if (!ctx.databaseUrl) throw new Error('the attendance phase needs Postgres (--db postgres)')
  const name = attendanceDatabaseName(new URL(ctx.databaseUrl).pathname.slice(1))
  const databaseUrl = await createBenchDatabase(ctx.databaseUrl, name)
  const sql = connect(databaseUrl, Math.max(1, ctx.cores))
  try {
    await migrate({ ...ctx, databaseUrl })
    const shape = attendanceShape(ctx.options)
    const rows = [await seedRow(ctx, sql, shape)]
    const { server, adminToken } = await startAttendanceServer(ctx, databaseUrl, profileDir)
    try {
      rows.push(...(await measureList(ctx, server, api(server, adminToken), shape, name)))
    } finally {
      await server.stop()
    }
    const exports = []
    for (const span of EXPORT_SPANS)
      exports.push(await measureExport(ctx, databaseUrl, sql, span, profileDir))
    rows.push(...exports)
    const [, quarter, year] = exports
    if (quarter && year) rows.push(memoryRow(quarter.exportFigures, year.exportFigures))
    return rows
  } finally {
    await sql.end({ timeout: 5 })
    await dropBenchDatabase(ctx.databaseUrl, name)
  }
}
