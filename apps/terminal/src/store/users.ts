import type { DatabaseSync } from 'node:sqlite'
import { inTransaction } from './transaction'
import type { UserInput, UserRecord } from './types'

export interface UserStore {
  /** Inserts or updates one person; fields left out keep their stored value (or the ZK default). */
  upsertUser(user: UserInput): void
  /** Upserts many people in one transaction. */
  upsertUsers(users: readonly UserInput[]): void
  /** Removes the person with their templates (and so their card); returns whether they existed. */
  deleteUser(pin: string): boolean
  findUserByPin(pin: string): UserRecord | undefined
  findUserByCard(card: string): UserRecord | undefined
  listUsers(): UserRecord[]
  countUsers(): number
}

interface UserRow {
  pin: string
  name: string
  privilege: number
  password: string
  card: string
  grp: number
  verify: number
  start_at: string | null
  end_at: string | null
  updated_at: string
}

const toUser = (row: UserRow): UserRecord => ({
  pin: row.pin,
  name: row.name,
  privilege: row.privilege,
  password: row.password,
  card: row.card,
  group: row.grp,
  verify: row.verify,
  startAt: row.start_at,
  endAt: row.end_at,
  updatedAt: row.updated_at,
})

export function createUserStore(db: DatabaseSync): UserStore {
  const findByPin = db.prepare('SELECT * FROM users WHERE pin = ?')
  const findByCard = db.prepare("SELECT * FROM users WHERE card = ? AND card <> '' LIMIT 1")
  const upsert = db.prepare(`
    INSERT INTO users (pin, name, privilege, password, card, grp, verify, start_at, end_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (pin) DO UPDATE SET
      name = excluded.name, privilege = excluded.privilege, password = excluded.password,
      card = excluded.card, grp = excluded.grp, verify = excluded.verify,
      start_at = excluded.start_at, end_at = excluded.end_at, updated_at = excluded.updated_at`)
  const removeTemplates = db.prepare('DELETE FROM templates WHERE pin = ?')
  const remove = db.prepare('DELETE FROM users WHERE pin = ?')
  const list = db.prepare('SELECT * FROM users ORDER BY name, pin')
  const count = db.prepare('SELECT count(*) AS n FROM users')

  const upsertOne = (user: UserInput): void => {
    const old = findByPin.get(user.pin) as UserRow | undefined
    const prev = old ? toUser(old) : undefined
    upsert.run(
      user.pin,
      user.name ?? prev?.name ?? '',
      user.privilege ?? prev?.privilege ?? 0,
      user.password ?? prev?.password ?? '',
      user.card ?? prev?.card ?? '',
      user.group ?? prev?.group ?? 1,
      user.verify ?? prev?.verify ?? -1,
      user.startAt !== undefined ? user.startAt : (prev?.startAt ?? null),
      user.endAt !== undefined ? user.endAt : (prev?.endAt ?? null),
      new Date().toISOString(),
    )
  }

  return {
    upsertUser: (user) => inTransaction(db, () => upsertOne(user)),
    upsertUsers: (users) => inTransaction(db, () => users.forEach(upsertOne)),
    deleteUser: (pin) =>
      inTransaction(db, () => {
        removeTemplates.run(pin)
        return Number(remove.run(pin).changes) > 0
      }),
    findUserByPin: (pin) => {
      const row = findByPin.get(pin) as UserRow | undefined
      return row && toUser(row)
    },
    findUserByCard: (card) => {
      const row = findByCard.get(card) as UserRow | undefined
      return row && toUser(row)
    },
    listUsers: () => (list.all() as unknown as UserRow[]).map(toUser),
    countUsers: () => (count.get() as { n: number }).n,
  }
}
