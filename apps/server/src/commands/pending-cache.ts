/**
 * Per-device knowledge of when the next command becomes deliverable, so an empty poll needs no database round
 * trip. Entries are dropped on NOTIFY (any process enqueued for the device) and expire after `ttlMs` as a safety
 * net against a lost notification; an unknown device is looked up in the database.
 */
export class PendingCache {
  private readonly entries = new Map<string, { dueAt: number | null; checkedAt: number }>()
  /** Devices invalidated while a bulk fill was reading the database ('all' after a clear) */
  private touched: Set<string> | 'all' | undefined

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
    // A poll's own answer, learned while a fill reads, is newer than the fill's.
    if (this.touched instanceof Set) this.touched.add(sn)
  }

  invalidate(sn: string): void {
    this.entries.delete(sn)
    if (this.touched instanceof Set) this.touched.add(sn)
  }

  clear(): void {
    this.entries.clear()
    if (this.touched) this.touched = 'all'
  }

  /**
   * Fills many entries from one database read: `read` runs while invalidations are watched, and a device
   * invalidated meanwhile (a NOTIFY raced the read) is left unknown rather than set from a stale answer; one a
   * poll looked up meanwhile keeps the poll's answer. Entries known before the read are renewed, so a fill
   * repeated within the TTL keeps every poll of a large fleet off the database.
   */
  async fill(
    read: () => Promise<ReadonlyMap<string, number | null>>,
    now: () => number,
  ): Promise<number> {
    this.touched = new Set()
    try {
      const dueBySn = await read()
      // Read after the await: invalidations may have landed meanwhile.
      const touched = this.touched as Set<string> | 'all'
      if (touched === 'all') return 0
      const at = now()
      let filled = 0
      for (const [sn, dueAt] of dueBySn) {
        if (touched.has(sn)) continue
        this.entries.set(sn, { dueAt, checkedAt: at })
        filled++
      }
      return filled
    } finally {
      this.touched = undefined
    }
  }
}
