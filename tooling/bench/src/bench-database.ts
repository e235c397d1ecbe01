import postgres from 'postgres'

type Sql = ReturnType<typeof postgres>

/** `url` with its database name replaced. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/** A database name unique to this run: `webroster_bench_<ts>`. */
export function benchDatabaseName(now = new Date()): string {
  return `webroster_bench_${now.toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`
}

function connect(url: string, max = 1): Sql {
  return postgres(url, { max, onnotice: () => {}, connect_timeout: 10 })
}

/** Creates a fresh database next to `baseUrl`'s and returns its URL. */
export async function createBenchDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = connect(baseUrl)
  try {
    await admin.unsafe(`create database "${name}"`)
  } finally {
    await admin.end({ timeout: 5 })
  }
  return withDatabase(baseUrl, name)
}

/** Drops the run's database, disconnecting whatever is left on it. */
export async function dropBenchDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = connect(baseUrl)
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
  } finally {
    await admin.end({ timeout: 5 })
  }
}

/** Rows in `punches` (the figure the bench trusts, not the replies). */
export async function countPunches(url: string): Promise<number> {
  const sql = connect(url)
  try {
    const [row] = await sql<{ n: string }[]>`select count(*)::text as n from punches`
    return Number(row?.n ?? 0)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/**
 * `count` approved devices under the bench's serials (`terminalSerial`), written in one statement: registering
 * 100,000 through handshakes takes minutes on two cores and measures registration, not a known fleet.
 */
export async function seedDevices(url: string, count: number): Promise<void> {
  const sql = connect(url)
  try {
    await sql`
      insert into devices (sn, status, device_type, pushver)
      select 'BENCH' || lpad(i::text, 6, '0'), 'approved', 'att', '2.4.1' from generate_series(0, ${count - 1}) i
      on conflict do nothing`
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/** Transactions committed in the database behind `url` so far (statistics flush within ~1 s of idle). */
export async function commitCount(url: string): Promise<number> {
  const sql = connect(url)
  try {
    const [row] = await sql<{ n: string }[]>`
      select xact_commit::text as n from pg_stat_database where datname = current_database()`
    return Number(row?.n ?? 0)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/** `server_version` of the Postgres behind `url`. */
export async function postgresVersion(url: string): Promise<string> {
  const sql = connect(url)
  try {
    const [row] = await sql<{ v: string }[]>`select current_setting('server_version') as v`
    return row?.v ?? 'unknown'
  } finally {
    await sql.end({ timeout: 5 })
  }
}

export type { Sql }
export { connect }
