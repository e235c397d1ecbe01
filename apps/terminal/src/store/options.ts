import type { DatabaseSync } from 'node:sqlite'
import { inTransaction } from './transaction'

/** Well-known option keys, so writers and readers agree on spelling. */
export const OptionKey = {
  bootCount: 'boot.count',
  clockOffsetMs: 'clock.offsetMs',
  /** How far an operator's set-time put the device ahead of the server's clock (see DeviceClock). */
  clockSkewMs: 'clock.skewMs',
  /** Fixed UTC offset in minutes from the server's `TimeZone` option (see DeviceClock). */
  serverTimeZoneMinutes: 'clock.serverTimeZoneMinutes',
} as const

/** Where server-given options live in the store: `adms.<Key>` as spelled on the wire. */
export const serverOptionKey = (key: string): string => `adms.${key}`

/** Keys of the last accepted upload's stamp, per table. */
export const stampKey = (table: string): string => `adms.stamp.${table}`

export interface OptionStore {
  getOption(key: string): string | undefined
  setOption(key: string, value: string): void
  /** Sets many options in one transaction (e.g. a handshake's option block). */
  setOptions(entries: Readonly<Record<string, string>>): void
  deleteOption(key: string): boolean
  listOptions(): Record<string, string>
  /** Adds one to the persisted boot count and returns the new value. */
  incrementBootCount(): number
}

export function createOptionStore(db: DatabaseSync): OptionStore {
  const get = db.prepare('SELECT value FROM options WHERE key = ?')
  const set = db.prepare(
    'INSERT INTO options (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  )
  const remove = db.prepare('DELETE FROM options WHERE key = ?')
  const list = db.prepare('SELECT key, value FROM options ORDER BY key')

  const getOption = (key: string): string | undefined =>
    (get.get(key) as { value: string } | undefined)?.value

  return {
    getOption,
    setOption: (key, value) => {
      set.run(key, value)
    },
    setOptions: (entries) =>
      inTransaction(db, () => {
        for (const [key, value] of Object.entries(entries)) set.run(key, value)
      }),
    deleteOption: (key) => Number(remove.run(key).changes) > 0,
    listOptions: () =>
      Object.fromEntries(
        (list.all() as unknown as { key: string; value: string }[]).map((r) => [r.key, r.value]),
      ),
    incrementBootCount: () =>
      inTransaction(db, () => {
        const next = Number(getOption(OptionKey.bootCount) ?? '0') + 1
        set.run(OptionKey.bootCount, String(next))
        return next
      }),
  }
}
