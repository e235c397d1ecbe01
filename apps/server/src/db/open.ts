import type { Database } from './database'
import { openPglite } from './pglite'
import { openPostgres } from './postgres'

export interface DbConfig {
  /** Postgres URL; unset means the embedded PGlite */
  databaseUrl?: string
  /** PGlite folder or `memory://` */
  pgliteDir: string
  poolSize?: number
}

/** Opens Postgres when a URL is configured, PGlite otherwise, migrated either way. */
export async function openDb(config: DbConfig): Promise<Database> {
  if (config.databaseUrl) {
    return openPostgres({
      url: config.databaseUrl,
      ...(config.poolSize ? { max: config.poolSize } : {}),
    })
  }
  return openPglite({ dataDir: config.pgliteDir })
}
