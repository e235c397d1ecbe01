import { ensureAdminToken } from './auth/admin-token'
import type { ServerConfig } from './config'
import type { Database, Db } from './db'
import type { Logger } from './logger'

export interface ServiceDeps {
  database: Database
  config: ServerConfig
  log: Logger
  /** Injectable clock for tests */
  now?: () => Date
}

/** Everything routes need, built once per process; `start` runs background work, `stop` ends it. */
export interface Services {
  database: Database
  db: Db
  config: ServerConfig
  log: Logger
  now: () => Date
  adminTokenHash: string
  /** Admin token generated on this start, if any (printed once by main.ts) */
  generatedAdminToken: string | undefined
  start(): Promise<void>
  stop(): Promise<void>
}

/** Builds the services over an open database. */
export async function createServices(deps: ServiceDeps): Promise<Services> {
  const { database, config, log } = deps
  const now = deps.now ?? (() => new Date())
  const admin = await ensureAdminToken(database.db, config.adminToken, log)
  const startHooks: Array<() => Promise<void>> = []
  const stopHooks: Array<() => Promise<void>> = []
  return {
    database,
    db: database.db,
    config,
    log,
    now,
    adminTokenHash: admin.hash,
    generatedAdminToken: admin.generated,
    async start() {
      for (const hook of startHooks) await hook()
    },
    async stop() {
      for (const hook of stopHooks.reverse()) await hook()
    },
  }
}
