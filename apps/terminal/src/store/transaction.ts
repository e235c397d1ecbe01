import type { DatabaseSync } from 'node:sqlite'

/**
 * Runs `fn` in one transaction, committed once (one fsync with `synchronous=FULL`). Nested
 * calls join the outer transaction, so store methods can be composed inside a batch.
 */
export function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  if (db.isTransaction) return fn()
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = fn()
    db.exec('COMMIT')
    return result
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw error
  }
}
