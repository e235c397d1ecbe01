import type { DatabaseSync } from 'node:sqlite'

/**
 * Schema steps in order; step n brings `user_version` from n to n + 1. Append only: a shipped
 * terminal may hold any earlier version and is upgraded on its next boot.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE users (
    pin TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    privilege INTEGER NOT NULL DEFAULT 0,
    password TEXT NOT NULL DEFAULT '',
    card TEXT NOT NULL DEFAULT '',
    grp INTEGER NOT NULL DEFAULT 1,
    verify INTEGER NOT NULL DEFAULT -1,
    start_at TEXT,
    end_at TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX users_card ON users (card) WHERE card <> '';

  CREATE TABLE templates (
    pin TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('fp', 'face', 'biodata')),
    no INTEGER NOT NULL,
    idx INTEGER NOT NULL DEFAULT 0,
    valid INTEGER NOT NULL DEFAULT 1,
    type INTEGER NOT NULL DEFAULT 1,
    major_ver INTEGER NOT NULL DEFAULT 0,
    minor_ver INTEGER NOT NULL DEFAULT 0,
    format INTEGER NOT NULL DEFAULT 0,
    template TEXT NOT NULL,
    UNIQUE (pin, kind, no, idx)
  );

  CREATE TABLE punches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pin TEXT NOT NULL,
    time TEXT NOT NULL,
    status INTEGER NOT NULL,
    verify INTEGER NOT NULL,
    workcode TEXT NOT NULL DEFAULT '0',
    created_at TEXT NOT NULL,
    sent_at TEXT,
    batch_id TEXT
  );
  CREATE INDEX punches_unsent ON punches (id) WHERE sent_at IS NULL;
  CREATE INDEX punches_pin_time ON punches (pin, time);

  CREATE TABLE oplog (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    line TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT
  );
  CREATE INDEX oplog_unsent ON oplog (id) WHERE sent_at IS NULL;

  CREATE TABLE command_journal (
    id TEXT PRIMARY KEY,
    command TEXT NOT NULL,
    received_at TEXT NOT NULL,
    result TEXT,
    executed_at TEXT,
    acked_at TEXT
  );

  CREATE TABLE options (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // DATA QUERY ATTLOG asks for a wall-clock range across all people.
  `CREATE INDEX punches_time ON punches (time);`,
  // What the fingerprint sensor's own library holds: slot → whose finger, and which template.
  `
  CREATE TABLE sensor_slots (
    slot INTEGER PRIMARY KEY,
    pin TEXT NOT NULL,
    no INTEGER NOT NULL,
    template TEXT NOT NULL,
    UNIQUE (pin, no)
  );
  `,
]

/** Brings the database to the latest schema, each step in its own transaction. */
export function migrate(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number }
  let version = row.user_version
  if (version > migrations.length) {
    throw new Error(
      `store schema version ${version} is newer than this software (${migrations.length}); refusing to open`,
    )
  }
  for (; version < migrations.length; version++) {
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(migrations[version] ?? '')
      // PRAGMA takes no bound parameters; version is an integer we computed.
      db.exec(`PRAGMA user_version = ${version + 1}`)
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
  return version
}
