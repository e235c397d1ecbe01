/**
 * Per-device knowledge of when the next command becomes deliverable, so an empty poll needs no database round
 * trip. Entries are dropped on NOTIFY (any process enqueued for the device) and expire after `ttlMs` as a safety
 * net against a lost notification; an unknown device is looked up in the database.
 */
export class PendingCache {
  private readonly entries = new Map<string, { dueAt: number | null; checkedAt: number }>()

  constructor(private readonly ttlMs: number) {}

  /** `true`: nothing can be due before `now`, skip the database; `false`: unknown or due, ask the database. */
  nothingDue(sn: string, now: number): boolean {
    const e = this.entries.get(sn)
    if (!e) return false
    if (now - e.checkedAt > this.ttlMs) {
      this.entries.delete(sn)
      return false
    }
    return e.dueAt === null || e.dueAt > now
  }

  /** Records, after a database look-up at `now`, when the next command will be due (null: none pending). */
  set(sn: string, dueAt: number | null, now: number): void {
    this.entries.set(sn, { dueAt, checkedAt: now })
  }

  invalidate(sn: string): void {
    this.entries.delete(sn)
  }

  clear(): void {
    this.entries.clear()
  }
}
