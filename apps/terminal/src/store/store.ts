import { DatabaseSync } from 'node:sqlite'
import { createJournalStore, type JournalStore } from './journal'
import { migrate } from './migrations'
import { createOplogStore, type OplogStore } from './oplog'
import { createOptionStore, type OptionStore } from './options'
import { createPunchStore, type PunchStore } from './punches'
import { createSensorSlotStore, type SensorSlotStore } from './sensor-slots'
import { createTemplateStore, type TemplateStore } from './templates'
import { inTransaction } from './transaction'
import { createUserStore, type UserStore } from './users'

/** The terminal's durable local store: every method is synchronous and committed on return. */
export interface Store
  extends UserStore,
    TemplateStore,
    PunchStore,
    OplogStore,
    JournalStore,
    OptionStore,
    SensorSlotStore {
  /** Runs `fn` as one transaction (one fsync); store calls inside it join it. */
  transaction<T>(fn: () => T): T
  /** The schema version after migration. */
  readonly schemaVersion: number
  close(): void
}

/**
 * Opens (creating and migrating as needed) the store at `path`, or an in-memory one for
 * `':memory:'`. WAL survives in the file, but `synchronous=FULL` is per connection, so both are
 * set on every open: a committed punch must survive a power cut.
 */
export function openStore(path: string): Store {
  const db = new DatabaseSync(path)
  try {
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = FULL')
    db.exec('PRAGMA foreign_keys = ON')
    // A second process (a CLI, a test) may hold the write lock briefly; wait rather than fail.
    db.exec('PRAGMA busy_timeout = 5000')
    const schemaVersion = migrate(db)
    return {
      ...createUserStore(db),
      ...createTemplateStore(db),
      ...createPunchStore(db),
      ...createOplogStore(db),
      ...createJournalStore(db),
      ...createOptionStore(db),
      ...createSensorSlotStore(db),
      transaction: (fn) => inTransaction(db, fn),
      schemaVersion,
      close: () => {
        if (db.isOpen) db.close()
      },
    }
  } catch (error) {
    db.close()
    throw error
  }
}
