import { sql } from 'drizzle-orm'
import type { Db } from '../db'
import type { Logger } from '../logger'

/** What one request tells about a device beyond "it is alive". */
export interface Sighting {
  ip?: string
  firmware?: string
  telemetry?: Record<string, unknown>
  /** Stamps the device echoed, per table */
  stamps?: Record<string, string>
}

interface Pending {
  seen: Date
  ip?: string
  fw?: string
  tel: Record<string, unknown>
  st: Record<string, string>
}

/**
 * Last-seen and telemetry writes, batched: requests only touch memory, and `flush` (every second or so) writes
 * every device seen since in one statement.
 */
export class PresenceBuffer {
  private buffer = new Map<string, Pending>()

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  get size(): number {
    return this.buffer.size
  }

  /** Records a request from `sn` at `at`; later sightings merge over earlier ones. */
  seen(sn: string, at: Date, s: Sighting = {}): void {
    const prev = this.buffer.get(sn)
    const next: Pending = {
      seen: at,
      tel: { ...prev?.tel, ...s.telemetry },
      st: { ...prev?.st, ...s.stamps },
    }
    const ip = s.ip ?? prev?.ip
    if (ip) next.ip = ip
    const fw = s.firmware ?? prev?.fw
    if (fw) next.fw = fw
    this.buffer.set(sn, next)
  }

  /** Writes everything buffered in one UPDATE; on failure the sightings are kept for the next flush. */
  async flush(): Promise<number> {
    if (this.buffer.size === 0) return 0
    const batch = this.buffer
    this.buffer = new Map()
    const rows = [...batch].map(([sn, p]) => ({ sn, ...p }))
    try {
      await this.db.execute(sql`
        update devices d set
          last_seen_at = greatest(coalesce(d.last_seen_at, v.seen), v.seen),
          ip = coalesce(v.ip, d.ip),
          firmware = coalesce(v.fw, d.firmware),
          telemetry = d.telemetry || coalesce(v.tel, '{}'::jsonb),
          stamps = d.stamps || coalesce(v.st, '{}'::jsonb)
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as v(sn text, seen timestamptz, ip text, fw text, tel jsonb, st jsonb)
        where d.sn = v.sn`)
      this.log.debug('presence flushed', { devices: rows.length })
      return rows.length
    } catch (e) {
      for (const [sn, p] of batch) if (!this.buffer.has(sn)) this.buffer.set(sn, p)
      this.log.warn('presence flush failed', { error: (e as Error).message })
      return 0
    }
  }
}
