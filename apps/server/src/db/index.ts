export type { Database, Db, Tx } from './database'
export type { DbConfig } from './open'
export { openDb } from './open'
export * as schema from './schema'
