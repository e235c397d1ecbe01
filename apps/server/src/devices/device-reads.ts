import { and, eq, inArray, isNotNull, ne } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { devices } from '../db/schema'
import type { DeviceRow } from './device-directory'

type Queryable = Db | Tx

/** Serials of every known device, in any state. */
export async function allDeviceSns(db: Queryable): Promise<string[]> {
  const rows = await db.select({ sn: devices.sn }).from(devices)
  return rows.map((r) => r.sn)
}

/** Whether a device with this serial is known (read in the caller's transaction when given one). */
export async function deviceExists(db: Queryable, sn: string): Promise<boolean> {
  const [row] = await db.select({ sn: devices.sn }).from(devices).where(eq(devices.sn, sn))
  return row !== undefined
}

/** What shapes the commands queued for a device: its zone, firmware and what it reported it can do. */
export type DeviceTraits = Pick<
  DeviceRow,
  'sn' | 'timeZone' | 'deviceType' | 'pushver' | 'options' | 'telemetry'
>

/** Traits of the devices of `sns` that may receive commands: a refused device never receives anything. */
export async function commandableDevices(
  db: Queryable,
  sns: readonly string[],
): Promise<DeviceTraits[]> {
  if (sns.length === 0) return []
  return db
    .select({
      sn: devices.sn,
      timeZone: devices.timeZone,
      deviceType: devices.deviceType,
      pushver: devices.pushver,
      options: devices.options,
      telemetry: devices.telemetry,
    })
    .from(devices)
    .where(and(inArray(devices.sn, [...sns]), ne(devices.status, 'refused')))
}

/** Every device that has been seen, with when it was last: what presence is judged from. */
export async function seenDevices(
  db: Queryable,
): Promise<Array<Pick<DeviceRow, 'sn' | 'name' | 'lastSeenAt'>>> {
  return db
    .select({ sn: devices.sn, name: devices.name, lastSeenAt: devices.lastSeenAt })
    .from(devices)
    .where(isNotNull(devices.lastSeenAt))
}

/** The names of the devices of `sns` (`null` where none is set); unknown serials are absent. */
export async function deviceNames(
  db: Queryable,
  sns: readonly string[],
): Promise<Map<string, string | null>> {
  if (sns.length === 0) return new Map()
  const rows = await db
    .select({ sn: devices.sn, name: devices.name })
    .from(devices)
    .where(inArray(devices.sn, [...sns]))
  return new Map(rows.map((r) => [r.sn, r.name]))
}

/** The zone set on each of `sns` (devices without one, or unknown, are absent). */
export async function zonesOfDevices(
  db: Queryable,
  sns: readonly string[],
): Promise<Map<string, string>> {
  if (sns.length === 0) return new Map()
  const rows = await db
    .select({ sn: devices.sn, timeZone: devices.timeZone })
    .from(devices)
    .where(and(inArray(devices.sn, [...sns]), isNotNull(devices.timeZone)))
  return new Map(rows.flatMap((r) => (r.timeZone ? [[r.sn, r.timeZone] as const] : [])))
}
