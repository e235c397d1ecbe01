import { and, asc, eq, gt, ne } from 'drizzle-orm'
import type { Db } from '../db'
import { people, punches } from '../db/schema'
import type { Logger } from '../logger'
import { publicPunch } from './punch-words'
import { lastPunchId } from './punches-since'

/** NOTIFY channel: some process committed new punches (no payload: listeners read what is new themselves). */
export const PUNCHES_CHANNEL = 'webroster_punches'

/** A punch as the live feed shows it: the API's words, and the name of its person (null for an unknown PIN). */
export type FeedPunch = ReturnType<typeof publicPunch> & { personName: string | null }

export type FeedListener = (punches: FeedPunch[]) => void

/** Rows read per wake-up: a burst larger than this is read in several rounds, never dropped. */
const READ_LIMIT = 500
/** Fewest milliseconds between two NOTIFYs from this process: a busy fleet costs ≤ 10 a second, not one a batch. */
const NOTIFY_SPACING_MS = 100

export interface PunchFeedDeps {
  db: Db
  log: Logger
  /** Sends the NOTIFY on `PUNCHES_CHANNEL` to every server process (this one included) */
  notify: () => Promise<void>
}

/**
 * The live feed of new punches for the console. Whichever process commits punches announces it on
 * `PUNCHES_CHANNEL`; every process, on the NOTIFY, reads the rows after the last id it read once for all of its
 * listeners. A live view, not a ledger: a row whose id was taken before a later one committed can be passed over,
 * and the attendance list stays the record.
 */
export class PunchFeed {
  private readonly listeners = new Set<FeedListener>()
  /** Last punch id read; unset while nobody listens, so a quiet process reads nothing */
  private cursor: number | undefined
  private reading = false
  private again = false
  private lastNotify = 0
  private notifyTimer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly deps: PunchFeedDeps) {}

  /** Adds a listener; resolves once the feed's starting point is known, so it sees every punch after. */
  async subscribe(listener: FeedListener): Promise<() => void> {
    if (this.cursor === undefined) this.cursor = Number(await lastPunchId(this.deps.db))
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0 && !this.reading) this.cursor = undefined
    }
  }

  /** Tells every process that punches were committed: at most one NOTIFY per spacing, the last one never lost. */
  announce(): void {
    if (this.notifyTimer) return
    const wait = this.lastNotify + NOTIFY_SPACING_MS - Date.now()
    const send = () => {
      this.notifyTimer = undefined
      this.lastNotify = Date.now()
      this.deps.notify().catch((e: unknown) => {
        this.deps.log.warn('punch feed notify failed', { error: (e as Error).message })
      })
    }
    if (wait <= 0) send()
    else this.notifyTimer = setTimeout(send, wait)
  }

  /** The NOTIFY arrived: read what is new once, and hand it to every listener of this process. */
  wake(): void {
    if (this.listeners.size === 0 || this.cursor === undefined) return
    if (this.reading) {
      this.again = true
      return
    }
    this.reading = true
    void this.readNew().finally(() => {
      this.reading = false
      if (this.listeners.size === 0) this.cursor = undefined
      else if (this.again) {
        this.again = false
        this.wake()
      }
    })
  }

  /** Stops a pending NOTIFY (shutdown). */
  stop(): void {
    clearTimeout(this.notifyTimer)
    this.notifyTimer = undefined
  }

  private async readNew(): Promise<void> {
    try {
      for (;;) {
        const after = this.cursor ?? 0
        const rows = await this.deps.db
          .select({ punch: punches, personName: people.name })
          .from(punches)
          .leftJoin(people, eq(people.pin, punches.pin))
          // A correction's new version is an edit of a punch already shown, not a new arrival.
          .where(and(gt(punches.id, after), ne(punches.source, 'correction')))
          .orderBy(asc(punches.id))
          .limit(READ_LIMIT)
        const last = rows.at(-1)
        if (!last) return
        this.cursor = last.punch.id
        const batch = rows.map((r) => ({ ...publicPunch(r.punch), personName: r.personName }))
        for (const listener of this.listeners) listener(batch)
        if (rows.length < READ_LIMIT) return
      }
    } catch (e) {
      this.deps.log.warn('punch feed read failed', { error: (e as Error).message })
    }
  }
}
