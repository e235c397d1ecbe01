import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'

/** Where a scenario's server keeps its data: a fresh Postgres database, or a fresh PGlite folder. */
export interface ScenarioDatabase {
  kind: 'postgres' | 'pglite'
  /** Environment for the server process */
  env: Record<string, string>
  /** SQL access for assertions (Postgres only; PGlite is reached through the API) */
  sql?: postgres.Sql
  drop(): Promise<void>
}

/** Postgres when DATABASE_URL is set, PGlite otherwise, as the rest of the suite. */
export async function createScenarioDatabase(): Promise<ScenarioDatabase> {
  const url = process.env.DATABASE_URL
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'webroster-e2e-'))
    return {
      kind: 'pglite',
      env: { PGLITE_DIR: join(dir, 'pglite') },
      async drop() {
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const name = `webroster_e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const dbUrl = new URL(url)
  dbUrl.pathname = `/${name}`
  const sql = postgres(dbUrl.toString(), { max: 2, onnotice: () => {} })
  return {
    kind: 'postgres',
    env: { DATABASE_URL: dbUrl.toString() },
    sql,
    async drop() {
      await sql.end({ timeout: 2 })
      const dropper = postgres(url, { max: 1, onnotice: () => {} })
      await dropper.unsafe(`drop database if exists ${name} with (force)`)
      await dropper.end()
    },
  }
}
