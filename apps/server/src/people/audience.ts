import { takesMultiRecordData } from '@webroster/protocol'
import { and, eq, inArray } from 'drizzle-orm'
import { deviceGroups, personGroups } from '../db/schema'
import { commandableDevices } from '../devices'
import { type DeviceCapabilities, deviceCapabilities } from './capabilities'
import { type CommandDialect, dialectOf } from './person-commands'
import type { Queryable } from './queue'

/** A terminal commands are queued for, with what shapes them: zone, command dialect, template capabilities. */
export interface TargetDevice {
  sn: string
  zone: string
  dialect: CommandDialect
  /** Whether its firmware takes several records in one DATA command */
  multiRecord: boolean
  capabilities: DeviceCapabilities
}

/** Loads target devices by serial; refused devices never receive anything. */
export async function targetDevices(
  db: Queryable,
  sns: readonly string[],
  defaultZone: string,
): Promise<Map<string, TargetDevice>> {
  const rows = await commandableDevices(db, sns)
  return new Map(
    rows.map((r) => [
      r.sn,
      {
        sn: r.sn,
        zone: r.timeZone ?? defaultZone,
        dialect: dialectOf(r.deviceType),
        multiRecord: takesMultiRecordData(r),
        capabilities: deviceCapabilities(r.options, r.telemetry),
      },
    ]),
  )
}

/** For each PIN, the serials of the devices (of `sns` when given) that share at least one group with it. */
export async function devicesByPerson(
  db: Queryable,
  pins: readonly string[],
  sns?: readonly string[],
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>(pins.map((pin) => [pin, new Set()]))
  if (pins.length === 0 || sns?.length === 0) return out
  const rows = await db
    .selectDistinct({ pin: personGroups.pin, sn: deviceGroups.sn })
    .from(personGroups)
    .innerJoin(deviceGroups, eq(deviceGroups.groupId, personGroups.groupId))
    .where(
      and(
        inArray(personGroups.pin, [...pins]),
        sns ? inArray(deviceGroups.sn, [...sns]) : undefined,
      ),
    )
  for (const r of rows) out.get(r.pin)?.add(r.sn)
  return out
}

/** PINs of everyone in any of the groups. */
export async function pinsInGroups(db: Queryable, groupIds: readonly number[]): Promise<string[]> {
  if (groupIds.length === 0) return []
  const rows = await db
    .selectDistinct({ pin: personGroups.pin })
    .from(personGroups)
    .where(inArray(personGroups.groupId, [...groupIds]))
  return rows.map((r) => r.pin)
}

/** Group ids a device belongs to. */
export async function groupIdsOfDevice(db: Queryable, sn: string): Promise<number[]> {
  const rows = await db
    .select({ groupId: deviceGroups.groupId })
    .from(deviceGroups)
    .where(eq(deviceGroups.sn, sn))
  return rows.map((r) => r.groupId).sort((a, b) => a - b)
}

/** Group ids of each device in `sns`, sorted; devices in no group are absent. */
export async function groupIdsOfDevices(
  db: Queryable,
  sns: readonly string[],
): Promise<Map<string, number[]>> {
  if (sns.length === 0) return new Map()
  const rows = await db
    .select()
    .from(deviceGroups)
    .where(inArray(deviceGroups.sn, [...sns]))
  const out = new Map<string, number[]>()
  for (const g of rows) out.set(g.sn, [...(out.get(g.sn) ?? []), g.groupId])
  for (const ids of out.values()) ids.sort((a, b) => a - b)
  return out
}
