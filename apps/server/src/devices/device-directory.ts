import { isTimeZone, withOptionNames } from '@webroster/protocol'
import { and, asc, count, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import type { Actor } from '../audit/actor'
import { recordAudit } from '../audit/audit-log'
import type { AdmissionMode } from '../config'
import type { Database, Db, Tx } from '../db'
import { type DeviceStatus, devices } from '../db/schema'
import { NotFoundError, ValidationError } from '../errors'
import { cleanDeviceStrings, cleanOptionalText } from './device-text'
import { hashDeviceToken, newDeviceToken } from './device-token'
import { isDeviceOnline } from './online'

export type DeviceRow = typeof devices.$inferSelect

/** NOTIFY channel: payload is the serial of a device whose row changed (admission, zone, token, removal). */
export const DEVICES_CHANNEL = 'webroster_devices'

/** What a terminal tells about itself on the handshake. */
export interface DeviceIdentity {
  deviceType?: string
  pushver?: string
  language?: string
  ip?: string
}

export interface DevicePatch {
  name?: string | null
  timeZone?: string | null
}

export interface DeviceDirectoryDeps {
  database: Database
  admission: AdmissionMode
  pollDelaySeconds: number
  now: () => Date
  /** How long a cached row is trusted without a NOTIFY (safety net for a lost notification) */
  cacheTtlMs?: number
  /** Most pending devices at once: unknown serials beyond it are not registered */
  maxPendingDevices?: number
  /** A pending device that has not knocked for this long is forgotten */
  pendingTtlHours?: number
  /**
   * What other modules keep under a serial, dropped in the transaction that forgets the device (its commands,
   * its diagnostics): each owner deletes its own rows
   */
  onForget?: ReadonlyArray<(sn: string, tx: Tx) => Promise<void>>
  /**
   * What other modules do when a device is admitted (approved on registration or by an operator, or given its
   * first token), in the transaction that admits it: the people domain puts it in the site's default group
   */
  onAdmitted?: ReadonlyArray<(sn: string, tx: Tx) => Promise<void>>
}

/** A device as its audit rows show it: what an operator sets, not what the device reports (never the token). */
function audited(row: DeviceRow) {
  return {
    sn: row.sn,
    name: row.name,
    status: row.status,
    timeZone: row.timeZone,
    hasToken: row.tokenHash !== null,
  }
}

/** Parameters a device pushes (GET OPTIONS answers run to a few hundred) */
const MAX_OPTIONS = 1024
/** Advisory lock key serialising pending registrations ("wpen") */
const PENDING_LOCK = 0x7770656e
/** Cached rows beyond which entries nobody asked for lately are swept, so serials seen once do not stay */
const CACHE_SWEEP_AT = 10_000
/** Serials per refresh read of stale cached rows */
const REFRESH_BATCH = 5000

/** Terminals known to the server: admission, settings, and a cache for the device hot path. */
export class DeviceDirectory {
  private readonly db: Db
  private readonly cache = new Map<string, { row: DeviceRow; at: number }>()
  private readonly ttl: number
  private lastSweep = 0
  /** Cached rows past their TTL that a request used: re-read together, off the request path */
  private readonly stale = new Set<string>()
  private refreshing: Promise<void> | undefined
  /** Serials invalidated while a bulk read (refresh, prime) ran, one set per read: its answer may predate them */
  private readonly watching = new Set<Set<string>>()

  constructor(private readonly deps: DeviceDirectoryDeps) {
    this.db = deps.database.db
    this.ttl = deps.cacheTtlMs ?? 30_000
  }

  async get(sn: string, db: Db = this.db): Promise<DeviceRow | undefined> {
    const [row] = await db.select().from(devices).where(eq(devices.sn, sn)).limit(1)
    return row
  }

  /** One page of devices in serial order, after the serial `after` (keyset), of one status if given. */
  async list(
    opts: { limit?: number; after?: string; status?: DeviceStatus } = {},
  ): Promise<DeviceRow[]> {
    const conds = []
    if (opts.after !== undefined) conds.push(gt(devices.sn, opts.after))
    if (opts.status) conds.push(eq(devices.status, opts.status))
    const q = this.db
      .select()
      .from(devices)
      .where(and(...conds))
      .orderBy(asc(devices.sn))
    return opts.limit !== undefined ? q.limit(opts.limit) : q
  }

  /** The row held in memory, if any (no database read): for callers that only want what is known. */
  cached(sn: string): DeviceRow | undefined {
    return this.cache.get(sn)?.row
  }

  /** The row for a request, from memory when fresh or the database, without registering anything. */
  async peek(sn: string): Promise<DeviceRow | undefined> {
    const hit = this.cache.get(sn)
    const now = Date.now()
    if (hit) {
      // Past the TTL (the safety net for a lost NOTIFY) the row is still served, and re-read in bulk: with
      // 100,000 terminals a read per device and TTL would put a database round trip on every 30th poll.
      if (now - hit.at >= this.ttl) this.refreshLater(sn)
      return hit.row
    }
    const row = await this.get(sn)
    if (row) this.remember(row, now)
    return row
  }

  /**
   * Reads every device into the cache, a page at a time: after a start each terminal's first poll is then
   * answered from memory too (100,000 terminals would otherwise cost 100,000 reads in the first minute).
   * Returns how many rows it cached; a row a NOTIFY invalidated meanwhile is left to be read on demand.
   */
  async prime(pageRows = REFRESH_BATCH): Promise<number> {
    let after: string | undefined
    let primed = 0
    const invalidated = new Set<string>()
    this.watching.add(invalidated)
    try {
      for (;;) {
        const page = await this.list({ limit: pageRows, ...(after !== undefined ? { after } : {}) })
        const at = Date.now()
        for (const row of page) {
          if (invalidated.has(row.sn) || this.cache.has(row.sn)) continue
          this.cache.set(row.sn, { row, at })
          primed++
        }
        if (page.length < pageRows) return primed
        after = page[page.length - 1]?.sn
      }
    } finally {
      this.watching.delete(invalidated)
    }
  }

  /** Resolves when the stale rows asked for so far have been re-read (tests, shutdown). */
  async refreshed(): Promise<void> {
    while (this.refreshing) await this.refreshing
  }

  private refreshLater(sn: string): void {
    this.stale.add(sn)
    this.refreshing ??= this.refreshStale().finally(() => {
      this.refreshing = undefined
    })
  }

  private async refreshStale(): Promise<void> {
    // Let the requests of this tick add their serials first: one read for all of them.
    await Promise.resolve()
    while (this.stale.size > 0) {
      const sns = [...this.stale].slice(0, REFRESH_BATCH)
      for (const sn of sns) this.stale.delete(sn)
      const invalidated = new Set<string>()
      this.watching.add(invalidated)
      try {
        const rows = await this.db.select().from(devices).where(inArray(devices.sn, sns))
        const at = Date.now()
        const found = new Set<string>()
        for (const row of rows) {
          found.add(row.sn)
          if (!invalidated.has(row.sn)) this.remember(row, at)
        }
        for (const sn of sns) if (!found.has(sn)) this.cache.delete(sn)
      } catch {
        // The database is away: keep serving what is cached; the next request past the TTL asks again.
        return
      } finally {
        this.watching.delete(invalidated)
      }
    }
  }

  /** The row for a device request, registering an unknown serial; undefined when the pending cap is reached. */
  async find(sn: string, identity: DeviceIdentity = {}): Promise<DeviceRow | undefined> {
    return (await this.peek(sn)) ?? (await this.register(sn, identity))
  }

  /**
   * Creates the device if unknown: `approved` under open admission, else `pending`, which stores the serial
   * alone (nothing an unadmitted request says is kept) and only while fewer than the cap are pending.
   */
  async register(sn: string, identity: DeviceIdentity = {}): Promise<DeviceRow | undefined> {
    const row =
      this.deps.admission === 'open'
        ? await this.db.transaction(async (tx) => {
            const [inserted] = await tx
              .insert(devices)
              .values({
                sn,
                status: 'approved',
                deviceType: cleanOptionalText(identity.deviceType, 16) ?? 'att',
                pushver: cleanOptionalText(identity.pushver, 32) ?? null,
                language: cleanOptionalText(identity.language, 16) ?? null,
                ip: cleanOptionalText(identity.ip, 64) ?? null,
              })
              .onConflictDoNothing()
              .returning()
            if (!inserted) return this.get(sn, tx)
            await this.admitted(sn, tx)
            return inserted
          })
        : await this.registerPending(sn)
    if (row) this.remember(row, Date.now())
    return row
  }

  /** Tells the modules that act on admission, inside the admitting transaction. */
  private async admitted(sn: string, tx: Tx): Promise<void> {
    for (const admitted of this.deps.onAdmitted ?? []) await admitted(sn, tx)
  }

  private async insert(sn: string, values: Partial<DeviceRow>, db: Db = this.db) {
    const [inserted] = await db
      .insert(devices)
      .values({ ...values, sn })
      .onConflictDoNothing()
      .returning()
    return inserted ?? (await this.get(sn, db))
  }

  /** Counted and inserted under one lock, so concurrent knocks (of every process) cannot overshoot the cap. */
  private async registerPending(sn: string): Promise<DeviceRow | undefined> {
    // Once the cap is reached every further knock lands here: tell that without taking the lock.
    if (await this.pendingFull(this.db)) return this.get(sn)
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${PENDING_LOCK})`)
      if (await this.pendingFull(tx)) return this.get(sn, tx)
      return this.insert(sn, { status: 'pending' }, tx)
    })
  }

  private async pendingFull(db: Db): Promise<boolean> {
    const [pending] = await db
      .select({ n: count() })
      .from(devices)
      .where(eq(devices.status, 'pending'))
    return (pending?.n ?? 0) >= (this.deps.maxPendingDevices ?? 1000)
  }

  /** Forgets pending devices that have not knocked for the pending TTL; returns how many. */
  async expirePending(): Promise<number> {
    const hours = this.deps.pendingTtlHours ?? 168
    const cutoff = new Date(this.deps.now().getTime() - hours * 3_600_000)
    const gone = await this.db
      .delete(devices)
      .where(
        and(
          eq(devices.status, 'pending'),
          or(
            lt(devices.lastKnockAt, cutoff),
            and(isNull(devices.lastKnockAt), lt(devices.createdAt, cutoff)),
          ),
        ),
      )
      .returning({ sn: devices.sn })
    for (const { sn } of gone) await this.changed(sn)
    return gone.length
  }

  /** Stores what the handshake told (protocol level, type, language) when it changed. */
  async noteIdentity(row: DeviceRow, identity: DeviceIdentity): Promise<DeviceRow> {
    const patch: Partial<DeviceRow> = {}
    const deviceType = cleanOptionalText(identity.deviceType, 16)
    const pushver = cleanOptionalText(identity.pushver, 32)
    const language = cleanOptionalText(identity.language, 16)
    if (deviceType && deviceType !== row.deviceType) patch.deviceType = deviceType
    if (pushver && pushver !== row.pushver) patch.pushver = pushver
    if (language && language !== row.language) patch.language = language
    if (Object.keys(patch).length === 0) return row
    return this.patchRow(row.sn, patch)
  }

  /** Updates columns the device protocol owns (options, registry code, firmware…). */
  async patchRow(sn: string, patch: Partial<DeviceRow>): Promise<DeviceRow> {
    const [row] = await this.db
      .update(devices)
      .set({ ...patch, updatedAt: this.deps.now() })
      .where(eq(devices.sn, sn))
      .returning()
    if (!row) throw new NotFoundError(`device ${sn}`)
    await this.changed(sn)
    return row
  }

  /**
   * Merges parameters the device reported into `options` in the database (never from a cached copy), under their
   * names: `~DeviceName` is stored as `DeviceName`.
   */
  async mergeOptions(
    sn: string,
    options: Record<string, string>,
    firmware?: string,
  ): Promise<void> {
    const clean = cleanDeviceStrings(withOptionNames(options), MAX_OPTIONS, 1024)
    const fw = cleanOptionalText(firmware)
    await this.db
      .update(devices)
      .set({
        options: sql`${devices.options} || ${JSON.stringify(clean)}::jsonb`,
        ...(fw ? { firmware: fw } : {}),
        updatedAt: this.deps.now(),
      })
      .where(eq(devices.sn, sn))
    await this.changed(sn)
  }

  /**
   * An operator's change of a device row, recorded with before and after in its transaction when `actor` is given
   * (the API always gives it; start-up and tests may not).
   */
  private async change(
    sn: string,
    patch: Partial<DeviceRow>,
    action: string,
    actor: Actor | undefined,
    /** What else the change does in its transaction, knowing the row before it */
    also?: (before: DeviceRow, tx: Tx) => Promise<void>,
  ): Promise<DeviceRow> {
    const row = await this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(devices).where(eq(devices.sn, sn)).for('update')
      if (!before) throw new NotFoundError(`device ${sn}`)
      const [after] = await tx
        .update(devices)
        .set({ ...patch, updatedAt: this.deps.now() })
        .where(eq(devices.sn, sn))
        .returning()
      if (!after) throw new NotFoundError(`device ${sn}`)
      await also?.(before, tx)
      if (actor) {
        await recordAudit(tx, {
          actor,
          action,
          entity: 'device',
          entityId: sn,
          before: audited(before),
          after: audited(after),
        })
      }
      return after
    })
    await this.changed(sn)
    return row
  }

  /**
   * Records a change to a device that another module carried out (its groups, kept by people/; its punches
   * re-read, by punches/), under the device, so a device's audit trail is whole. After the change commits: those
   * modules make it in their own transactions.
   */
  async recordChange(
    actor: Actor,
    sn: string,
    action: string,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await recordAudit(this.db, { actor, action, entity: 'device', entityId: sn, before, after })
  }

  /** Approves a device; the first approval admits it (`onAdmitted`), approving it again changes nothing more. */
  async approve(sn: string, actor?: Actor): Promise<DeviceRow> {
    return this.change(sn, { status: 'approved' }, 'device.approve', actor, (before, tx) =>
      before.status !== 'approved' ? this.admitted(sn, tx) : Promise.resolve(),
    )
  }

  async refuse(sn: string, actor?: Actor): Promise<DeviceRow> {
    return this.change(sn, { status: 'refused' }, 'device.refuse', actor)
  }

  async update(sn: string, patch: DevicePatch, actor?: Actor): Promise<DeviceRow> {
    if (patch.timeZone && !isTimeZone(patch.timeZone)) {
      throw new ValidationError(`unknown time zone "${patch.timeZone}"`)
    }
    return this.change(
      sn,
      {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
      },
      'device.update',
      actor,
    )
  }

  /**
   * Forgets a device: its row, groups, commands and diagnostics (logs, errors, rejected lines). Punches and
   * operations stay: they are people's attendance, not the device's. The serial registers afresh if it knocks.
   */
  async forget(sn: string, actor?: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.delete(devices).where(eq(devices.sn, sn)).returning()
      if (!row) throw new NotFoundError(`device ${sn}`)
      for (const forget of this.deps.onForget ?? []) await forget(sn, tx)
      if (actor) {
        await recordAudit(tx, {
          actor,
          action: 'device.forget',
          entity: 'device',
          entityId: sn,
          before: audited(row),
          after: null,
        })
      }
    })
    await this.changed(sn)
  }

  /** Issues a new secret for token admission; only its hash is stored, the secret is returned once. */
  async setToken(sn: string, actor?: Actor): Promise<string> {
    const token = newDeviceToken()
    await this.change(
      sn,
      { tokenHash: hashDeviceToken(token) },
      'device.token',
      actor,
      (before, tx) =>
        // Under token admission the first secret is what admits a device.
        this.deps.admission === 'token' && before.tokenHash === null
          ? this.admitted(sn, tx)
          : Promise.resolve(),
    )
    return token
  }

  isOnline(row: Pick<DeviceRow, 'lastSeenAt'>, now: Date = this.deps.now()): boolean {
    return isDeviceOnline(row, now, this.deps.pollDelaySeconds)
  }

  private remember(row: DeviceRow, at: number): void {
    // A sweep walks the whole cache: once per TTL at most, or every registration of a large fleet pays for it.
    if (this.cache.size >= CACHE_SWEEP_AT && at - this.lastSweep >= this.ttl) {
      this.lastSweep = at
      // A row in use is re-read every TTL; one not re-read for two is a serial no longer asking.
      for (const [sn, hit] of this.cache) if (at - hit.at >= 2 * this.ttl) this.cache.delete(sn)
    }
    this.cache.set(row.sn, { row, at })
  }

  /** Drops the cached row (NOTIFY from any process). */
  invalidate(sn: string): void {
    this.cache.delete(sn)
    for (const invalidated of this.watching) invalidated.add(sn)
  }

  private async changed(sn: string): Promise<void> {
    this.invalidate(sn)
    await this.db.execute(sql`select pg_notify(${DEVICES_CHANNEL}, ${sn})`)
  }
}
