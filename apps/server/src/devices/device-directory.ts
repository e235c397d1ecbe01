import { isTimeZone, withOptionNames } from '@webroster/protocol'
import { and, asc, count, eq, gt, isNull, lt, or, sql } from 'drizzle-orm'
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

/** Parameters a device pushes (GET OPTIONS answers run to a few hundred) */
const MAX_OPTIONS = 1024
/** Advisory lock key serialising pending registrations ("wpen") */
const PENDING_LOCK = 0x7770656e
/** Cached rows beyond which expired entries are swept, so serials seen once do not stay in memory */
const CACHE_SWEEP_AT = 10_000

/** Terminals known to the server: admission, settings, and a cache for the device hot path. */
export class DeviceDirectory {
  private readonly db: Db
  private readonly cache = new Map<string, { row: DeviceRow; at: number }>()
  private readonly ttl: number

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

  /** The row for a request, from memory when fresh or the database, without registering anything. */
  async peek(sn: string): Promise<DeviceRow | undefined> {
    const hit = this.cache.get(sn)
    const now = Date.now()
    if (hit && now - hit.at < this.ttl) return hit.row
    const row = await this.get(sn)
    if (row) this.remember(row, now)
    return row
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

  /** Approves a device; the first approval admits it (`onAdmitted`), approving it again changes nothing more. */
  async approve(sn: string): Promise<DeviceRow> {
    const row = await this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(devices).where(eq(devices.sn, sn)).for('update')
      if (!before) throw new NotFoundError(`device ${sn}`)
      const [after] = await tx
        .update(devices)
        .set({ status: 'approved', updatedAt: this.deps.now() })
        .where(eq(devices.sn, sn))
        .returning()
      if (before.status !== 'approved') await this.admitted(sn, tx)
      return after ?? before
    })
    await this.changed(sn)
    return row
  }

  async refuse(sn: string): Promise<DeviceRow> {
    return this.patchRow(sn, { status: 'refused' })
  }

  async update(sn: string, patch: DevicePatch): Promise<DeviceRow> {
    if (patch.timeZone && !isTimeZone(patch.timeZone)) {
      throw new ValidationError(`unknown time zone "${patch.timeZone}"`)
    }
    const [row] = await this.db
      .update(devices)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
        updatedAt: this.deps.now(),
      })
      .where(eq(devices.sn, sn))
      .returning()
    if (!row) throw new NotFoundError(`device ${sn}`)
    await this.changed(sn)
    return row
  }

  /**
   * Forgets a device: its row, groups, commands and diagnostics (logs, errors, rejected lines). Punches and
   * operations stay: they are people's attendance, not the device's. The serial registers afresh if it knocks.
   */
  async forget(sn: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows = await tx.delete(devices).where(eq(devices.sn, sn)).returning({ sn: devices.sn })
      if (rows.length === 0) throw new NotFoundError(`device ${sn}`)
      for (const forget of this.deps.onForget ?? []) await forget(sn, tx)
    })
    await this.changed(sn)
  }

  /** Issues a new secret for token admission; only its hash is stored, the secret is returned once. */
  async setToken(sn: string): Promise<string> {
    const token = newDeviceToken()
    await this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(devices).where(eq(devices.sn, sn)).for('update')
      if (!before) throw new NotFoundError(`device ${sn}`)
      await tx
        .update(devices)
        .set({ tokenHash: hashDeviceToken(token), updatedAt: this.deps.now() })
        .where(eq(devices.sn, sn))
      // Under token admission the first secret is what admits a device.
      if (this.deps.admission === 'token' && before.tokenHash === null) {
        await this.admitted(sn, tx)
      }
    })
    await this.changed(sn)
    return token
  }

  isOnline(row: Pick<DeviceRow, 'lastSeenAt'>, now: Date = this.deps.now()): boolean {
    return isDeviceOnline(row, now, this.deps.pollDelaySeconds)
  }

  private remember(row: DeviceRow, at: number): void {
    if (this.cache.size >= CACHE_SWEEP_AT) {
      for (const [sn, hit] of this.cache) if (at - hit.at >= this.ttl) this.cache.delete(sn)
    }
    this.cache.set(row.sn, { row, at })
  }

  /** Drops the cached row (NOTIFY from any process). */
  invalidate(sn: string): void {
    this.cache.delete(sn)
  }

  private async changed(sn: string): Promise<void> {
    this.cache.delete(sn)
    await this.db.execute(sql`select pg_notify(${DEVICES_CHANNEL}, ${sn})`)
  }
}
