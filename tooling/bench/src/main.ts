import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { attendanceDatabaseName } from './attendance-phase'
import { benchDatabaseName, createBenchDatabase, dropBenchDatabase } from './bench-database'
import { children } from './child-registry'
import { describeMachine } from './machine'
import { formatMarkdown, mergeMarkdown } from './markdown-report'
import { DEFAULT_MARKDOWN, parseOptions, USAGE, UsageError } from './options'
import type { BenchReport } from './results'
import { migrate } from './run-context'
import { runPhases } from './run-phases'
import { seedStoredHistory } from './stored-history'
import { timesheetDatabaseName } from './timesheet-phase'

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseOptions>
  try {
    options = parseOptions(process.argv.slice(2))
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${USAGE}\n`)
      process.exit(2)
    }
    throw e
  }
  const log = (m: string) => process.stderr.write(`${m}\n`)
  // paths given on the command line are relative to where `bun run bench` was typed
  const cwd = process.env.INIT_CWD ?? process.cwd()
  const baseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL
  const dbName = benchDatabaseName()
  const pgliteDir = mkdtempSync(join(tmpdir(), 'webroster-bench-pglite-'))
  const startedAt = new Date().toISOString()
  let databaseUrl: string | undefined
  const interrupted = async (signal: string) => {
    log(`${signal}: stopping ${children.size} child process(es) and dropping the run's database`)
    await children.killAll()
    if (databaseUrl) {
      await dropBenchDatabase(baseUrl, dbName).catch(() => {})
      await dropBenchDatabase(baseUrl, attendanceDatabaseName(dbName)).catch(() => {})
      await dropBenchDatabase(baseUrl, timesheetDatabaseName(dbName)).catch(() => {})
    }
    rmSync(pgliteDir, { recursive: true, force: true })
    process.exit(130)
  }
  process.on('SIGINT', () => void interrupted('SIGINT'))
  process.on('SIGTERM', () => void interrupted('SIGTERM'))
  try {
    if (options.db === 'postgres') databaseUrl = await createBenchDatabase(baseUrl, dbName)
    const machine = await describeMachine(databaseUrl)
    const ctx = {
      options,
      cores: cpus().length,
      pgliteDir,
      log,
      ...(databaseUrl ? { databaseUrl } : {}),
    }
    await migrate(ctx)
    const { results, storedSeedSeconds } = await runPhases(ctx, seedStoredHistory)
    const report: BenchReport = {
      startedAt,
      options: {
        quick: options.quick,
        terminals: options.terminals,
        durationSeconds: options.durationSeconds,
        db: options.db,
        workers: options.workers,
        rssTerminals: options.rssTerminals,
        pollIntervalSeconds: options.pollIntervalSeconds,
        storedPunches: options.storedPunches,
        servers: options.servers,
        phases: options.phases,
      },
      ...(storedSeedSeconds !== undefined ? { storedSeedSeconds } : {}),
      machine,
      results,
    }
    const json = JSON.stringify(report, null, 2)
    if (options.json) writeFileSync(resolve(cwd, options.json), `${json}\n`)
    else process.stdout.write(`${json}\n`)
    if (options.markdown) {
      // the default document belongs to the repository, wherever the bench was started from
      const base =
        options.markdown === DEFAULT_MARKDOWN ? resolve(import.meta.dir, '../../..') : cwd
      const path = resolve(base, options.markdown)
      writeFileSync(path, mergeMarkdown(readOptional(path), formatMarkdown(report)))
      log(`markdown report written to ${options.markdown}`)
    }
  } finally {
    if (databaseUrl) await dropBenchDatabase(baseUrl, dbName)
    rmSync(pgliteDir, { recursive: true, force: true })
  }
}

await main()
