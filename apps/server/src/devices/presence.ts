import { sql } from 'drizzle-orm'
import type { Db } from '../db'
import { errorCause } from '../errors'
import type { Logger } from '../logger'
import {
  cleanDeviceRecord,
  cleanDeviceStrings,
  cleanDeviceText,
  cleanOptionalText,
} from './device-text'

/** What one request of an admitted device tells about it beyond "it is alive". */
export interface Sighting {
  ip?: string
  firmware?: string
  telemetry?: Record<string, unknown>
  /** Stamps the device echoed, per table */
  stamps?: Record<string, string>
}

/** One device's writes waiting for the next flush; every value already cleaned and bounded. */
interface Pending {
  /** Last request of the admitted device */
  seen?: Date
  ip?: string
  fw?: string
  tel: Record<string, unknown>
  st: Record<string, string>
  /** Last request under this serial that was not admitted, and the address it came from */
  knock?: Date
  kip?: string
}

type Row = Pending & { sn: string }

/** `newer` over `older`, field by field: a later request without stamps keeps the stamps of an earlier one. */
function merged(older: Pending, newer: Pending): Pending {
  return {
    ...older,
    ...newer,
    tel: { ...older.tel, ...newer.tel },
    st: { ...older.st, ...newer.st },
  }
}

/** Stamps are short numbers per table; a handful of tables is all a device echoes. */
const MAX_STAMPS = 8
const MAX_STAMP = 32

/**
 * Last-seen, telemetry and "an unadmitted device knocked" writes, batched: requests only touch memory, and
 * `flush` (every second or so) writes every device seen since in one statement.
 *
 * Deadlock-free by design: one flush runs at a time in a process, and each locks its rows in `sn` order, so
 * flushes of several processes queue behind each other instead of waiting on each other in a cycle.
 */
export class PresenceBuffer {
  private buffer = new Map<string, Pending>()
  /** The batch being written, still readable so a handshake in between sees its own latest stamps */
  private inflight = new Map<string, Pending>()
  private writing: Promise<number> | undefined
  /** Causes already logged, per kind of failure, so an outage is logged once and not every second */
  private readonly logged = new Map<'outage' | 'dropped', string>()

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  get size(): number {
    return this.buffer.size
  }

  /** Records a request of an admitted device at `at`; later sightings merge over earlier ones. */
  seen(sn: string, at: Date, s: Sighting = {}): void {
    const prev = this.buffer.get(sn)
    const next: Pending = {
      ...prev,
      seen: at,
      tel: s.telemetry ? { ...prev?.tel, ...cleanDeviceRecord(s.telemetry) } : (prev?.tel ?? {}),
      st: s.stamps
        ? { ...prev?.st, ...cleanDeviceStrings(s.stamps, MAX_STAMPS, MAX_STAMP) }
        : (prev?.st ?? {}),
    }
    const ip = cleanOptionalText(s.ip, 64)
    if (ip) next.ip = ip
    const fw = cleanOptionalText(s.firmware)
    if (fw) next.fw = fw
    this.buffer.set(sn, next)
  }

  /** Records that a request under `sn` was not admitted: only when, and from which address. */
  knocked(sn: string, at: Date, address: string | undefined): void {
    const prev = this.buffer.get(sn)
    const next: Pending = { ...prev, tel: prev?.tel ?? {}, st: prev?.st ?? {}, knock: at }
    if (address) next.kip = cleanDeviceText(address, 64)
    this.buffer.set(sn, next)
  }

  /** Stamps `sn` echoed that may not be in the database yet (buffered or being written). */
  pendingStamps(sn: string): Record<string, string> {
    return { ...this.inflight.get(sn)?.st, ...this.buffer.get(sn)?.st }
  }

  /**
   * Writes everything buffered. One writer at a time: a flush asked for while one runs waits for it, then writes
   * what arrived since. Failed rows are kept for the next flush when the database is down, and dropped (one
   * line naming the device) when the database refuses that row alone.
   */
  async flush(): Promise<number> {
    while (this.writing) await this.writing.catch(() => 0)
    if (this.buffer.size === 0) return 0
    this.inflight = this.buffer
    this.buffer = new Map()
    this.writing = this.writeInflight()
    try {
      return await this.writing
    } finally {
      this.writing = undefined
      this.inflight = new Map()
    }
  }

  private async writeInflight(): Promise<number> {
    const rows = [...this.inflight].map(([sn, p]): Row => ({ sn, ...p }))
    // The statement locks in serial order itself; sorted here too, halving a refused batch is deterministic.
    rows.sort((a, b) => (a.sn < b.sn ? -1 : a.sn > b.sn ? 1 : 0))
    try {
      const written = await this.writeRows(rows)
      if (this.logged.delete('outage')) this.log.info('presence flush recovered')
      this.log.debug('presence flushed', { devices: written })
      return written
    } catch (e) {
      // The database is unavailable: keep every sighting for the next flush, under what arrived since.
      for (const [sn, older] of this.inflight) {
        const newer = this.buffer.get(sn)
        this.buffer.set(sn, newer ? merged(older, newer) : older)
      }
      this.warnOnce('outage', 'presence flush failed; kept for the next one', errorCause(e).error, {
        devices: rows.length,
      })
      return 0
    }
  }

  /** Writes `rows`; on a refused batch, halves it until the row the database refuses is alone, and drops it. */
  private async writeRows(rows: Row[]): Promise<number> {
    try {
      await this.update(rows)
      return rows.length
    } catch (e) {
      if (!(await this.reachable())) throw e
      if (rows.length === 1) {
        const sn = rows[0]?.sn
        this.warnOnce('dropped', 'presence of a device not stored; dropped', errorCause(e).error, {
          sn,
        })
        return 0
      }
      const half = Math.ceil(rows.length / 2)
      return (await this.writeRows(rows.slice(0, half))) + (await this.writeRows(rows.slice(half)))
    }
  }

  private async update(rows: Row[]): Promise<void> {
    await this.db.execute(sql`
      with v as (
        select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as v(sn text, seen timestamptz, ip text, fw text, tel jsonb, st jsonb, knock timestamptz, kip text)
      ), locked as (
        select d.sn from devices d where d.sn in (select sn from v) order by d.sn for update
      )
      update devices d set
        last_seen_at = greatest(d.last_seen_at, v.seen),
        ip = coalesce(v.ip, d.ip),
        firmware = coalesce(v.fw, d.firmware),
        telemetry = d.telemetry || coalesce(v.tel, '{}'::jsonb),
        stamps = d.stamps || coalesce(v.st, '{}'::jsonb),
        last_knock_at = greatest(d.last_knock_at, v.knock),
        knock_ip = coalesce(v.kip, d.knock_ip)
      from v join locked l on l.sn = v.sn
      where d.sn = v.sn`)
  }

  /** Whether the database answers at all: tells an outage (keep everything) from a refused row (drop it). */
  private async reachable(): Promise<boolean> {
    try {
      await this.db.execute(sql`select 1`)
      return true
    } catch {
      return false
    }
  }

  private warnOnce(
    kind: 'outage' | 'dropped',
    msg: string,
    cause: string,
    fields: Record<string, unknown>,
  ): void {
    const key = kind === 'dropped' ? `${fields.sn}: ${cause}` : cause
    if (this.logged.get(kind) === key) return
    this.logged.set(kind, key)
    this.log.warn(msg, { ...fields, cause })
  }
}
