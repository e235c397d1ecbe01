import { isTimeZone, withOptionNames } from '@webroster/protocol'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { AdmissionMode } from '../config'
import type { Database, Db } from '../db'
import { commands, deviceGroups, devices } from '../db/schema'
import { NotFoundError, ValidationError } from '../errors'
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
  groupIds?: number[]
}

export interface DeviceDirectoryDeps {
  database: Database
  admission: AdmissionMode
  pollDelaySeconds: number
  now: () => Date
  /** How long a cached row is trusted without a NOTIFY (safety net for a lost notification) */
  cacheTtlMs?: number
}

/** Terminals known to the server: admission, settings, and a cache for the device hot path. */
export class DeviceDirectory {
  private readonly db: Db
  private readonly cache = new Map<string, { row: DeviceRow; at: number }>()
  private readonly ttl: number

  constructor(private readonly deps: DeviceDirectoryDeps) {
    this.db = deps.database.db
    this.ttl = deps.cacheTtlMs ?? 30_000
  }

  async get(sn: string): Promise<DeviceRow | undefined> {
    const [row] = await this.db.select().from(devices).where(eq(devices.sn, sn)).limit(1)
    return row
  }

  async list(): Promise<DeviceRow[]> {
    return this.db.select().from(devices).orderBy(asc(devices.sn))
  }

  /** The row for a device request, from memory when fresh; registers an unknown serial. */
  async find(sn: string, identity: DeviceIdentity = {}): Promise<DeviceRow> {
    const hit = this.cache.get(sn)
    const now = Date.now()
    if (hit && now - hit.at < this.ttl) return hit.row
    const row = (await this.get(sn)) ?? (await this.register(sn, identity))
    this.cache.set(sn, { row, at: now })
    return row
  }

  /** Creates the device if unknown: `approved` under open admission, `pending` otherwise. */
  async register(sn: string, identity: DeviceIdentity = {}): Promise<DeviceRow> {
    const status = this.deps.admission === 'open' ? 'approved' : 'pending'
    const [inserted] = await this.db
      .insert(devices)
      .values({
        sn,
        status,
        deviceType: identity.deviceType ?? 'att',
        pushver: identity.pushver ?? null,
        language: identity.language ?? null,
        ip: identity.ip ?? null,
      })
      .onConflictDoNothing()
      .returning()
    const row = inserted ?? (await this.get(sn))
    if (!row) throw new Error(`device ${sn} vanished while registering`)
    this.cache.set(sn, { row, at: Date.now() })
    return row
  }

  /** Stores what the handshake told (protocol level, type, language) when it changed. */
  async noteIdentity(row: DeviceRow, identity: DeviceIdentity): Promise<DeviceRow> {
    const patch: Partial<DeviceRow> = {}
    if (identity.deviceType && identity.deviceType !== row.deviceType)
      patch.deviceType = identity.deviceType
    if (identity.pushver && identity.pushver !== row.pushver) patch.pushver = identity.pushver
    if (identity.language && identity.language !== row.language) patch.language = identity.language
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
    await this.db
      .update(devices)
      .set({
        options: sql`${devices.options} || ${JSON.stringify(withOptionNames(options))}::jsonb`,
        ...(firmware ? { firmware } : {}),
        updatedAt: this.deps.now(),
      })
      .where(eq(devices.sn, sn))
    await this.changed(sn)
  }

  async approve(sn: string): Promise<DeviceRow> {
    return this.patchRow(sn, { status: 'approved' })
  }

  async refuse(sn: string): Promise<DeviceRow> {
    return this.patchRow(sn, { status: 'refused' })
  }

  async update(sn: string, patch: DevicePatch): Promise<DeviceRow> {
    if (patch.timeZone && !isTimeZone(patch.timeZone)) {
      throw new ValidationError(`unknown time zone "${patch.timeZone}"`)
    }
    const row = await this.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(devices)
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
          updatedAt: this.deps.now(),
        })
        .where(eq(devices.sn, sn))
        .returning()
      if (!updated) throw new NotFoundError(`device ${sn}`)
      if (patch.groupIds) {
        await tx.delete(deviceGroups).where(eq(deviceGroups.sn, sn))
        const ids = [...new Set(patch.groupIds)]
        if (ids.length > 0) {
          try {
            await tx.insert(deviceGroups).values(ids.map((groupId) => ({ sn, groupId })))
          } catch {
            throw new ValidationError('unknown group id')
          }
        }
      }
      return updated
    })
    await this.changed(sn)
    return row
  }

  async remove(sn: string): Promise<void> {
    const rows = await this.db
      .delete(devices)
      .where(eq(devices.sn, sn))
      .returning({ sn: devices.sn })
    if (rows.length === 0) throw new NotFoundError(`device ${sn}`)
    // A removed device's queue goes with it: were the serial to come back, it must not get stale commands.
    await this.db
      .update(commands)
      .set({ status: 'expired', completedAt: new Date() })
      .where(and(eq(commands.sn, sn), inArray(commands.status, ['queued', 'sent'])))
    await this.changed(sn)
  }

  /** Issues a new secret for token admission; only its hash is stored, the secret is returned once. */
  async setToken(sn: string): Promise<string> {
    const token = newDeviceToken()
    await this.patchRow(sn, { tokenHash: hashDeviceToken(token) })
    return token
  }

  isOnline(row: Pick<DeviceRow, 'lastSeenAt'>, now: Date = this.deps.now()): boolean {
    return isDeviceOnline(row, now, this.deps.pollDelaySeconds)
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
