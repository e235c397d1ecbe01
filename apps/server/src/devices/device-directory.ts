import { isTimeZone, withOptionNames } from '@webroster/protocol'
import { and, asc, count, eq, gt, isNull, lt, or, sql } from 'drizzle-orm'
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
