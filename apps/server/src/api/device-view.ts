import { and, count, inArray } from 'drizzle-orm'
import { type ClockStatus, timeIssueOf } from '../clock'
import type { Db } from '../db'
import { commands, deviceGroups, punches } from '../db/schema'
import type { DeviceRow } from '../devices'
import type { Services } from '../services'

/** A device as the API shows it: no token hash, the zone it actually runs in, and live counts. */
export interface DeviceView extends ClockStatus {
  sn: string
  name: string | null
  status: string
  online: boolean
  lastSeenAt: string | null
  /** Last request under this serial that was not admitted, and where it came from */
  lastKnockAt: string | null
  knockIp: string | null
  timeZone: string | null
  effectiveTimeZone: string
  /** Someone set the zone (`timeZone`); until then punches are read in the server default and not corrected */
  timeZoneConfirmed: boolean
  deviceType: string
  pushver: string | null
  language: string | null
  firmware: string | null
  ip: string | null
  hasToken: boolean
  telemetry: Record<string, unknown>
  options?: Record<string, string>
  groupIds: number[]
  punchCount: number
  /** Punches read in the server default zone, to be re-read once the device's zone is set */
  punchesInAssumedZone: number
  pendingCommands: number
  createdAt: string
  updatedAt: string
}

async function countBy(db: Db, sns: string[]) {
  const punchRows = await db
    .select({ sn: punches.sn, n: count(), assumed: count(punches.assumedZone) })
    .from(punches)
    .where(inArray(punches.sn, sns))
    .groupBy(punches.sn)
  const pendingRows = await db
    .select({ sn: commands.sn, n: count() })
    .from(commands)
    .where(and(inArray(commands.sn, sns), inArray(commands.status, ['queued', 'sent'])))
    .groupBy(commands.sn)
  const groupRows = await db.select().from(deviceGroups).where(inArray(deviceGroups.sn, sns))
  const groupsBySn = new Map<string, number[]>()
  for (const g of groupRows) groupsBySn.set(g.sn, [...(groupsBySn.get(g.sn) ?? []), g.groupId])
  return {
    punches: new Map(punchRows.map((r) => [r.sn, r.n])),
    assumed: new Map(punchRows.map((r) => [r.sn, r.assumed])),
    pending: new Map(pendingRows.map((r) => [r.sn, r.n])),
    groups: groupsBySn,
  }
}

/** Views of device rows, with counts fetched in three grouped queries whatever the number of devices. */
export async function deviceViews(
  services: Services,
  rows: DeviceRow[],
  withOptions = false,
): Promise<DeviceView[]> {
  if (rows.length === 0) return []
  const c = await countBy(
    services.db,
    rows.map((r) => r.sn),
  )
  const now = services.now()
  const threshold = services.config.clockSyncThresholdSeconds
  return rows.map((r) => {
    const zone = r.timeZone ?? services.config.defaultTimeZone
    return {
      sn: r.sn,
      name: r.name,
      status: r.status,
      online: services.devices.isOnline(r, now),
      lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
      lastKnockAt: r.lastKnockAt?.toISOString() ?? null,
      knockIp: r.knockIp,
      timeZone: r.timeZone,
      effectiveTimeZone: zone,
      timeZoneConfirmed: r.timeZone !== null,
      deviceType: r.deviceType,
      pushver: r.pushver,
      language: r.language,
      firmware: r.firmware,
      ip: r.ip,
      hasToken: r.tokenHash !== null,
      telemetry: r.telemetry,
      ...timeIssueOf(r.telemetry, zone, threshold, now),
      ...(withOptions ? { options: r.options } : {}),
      groupIds: (c.groups.get(r.sn) ?? []).sort((a, b) => a - b),
      punchCount: c.punches.get(r.sn) ?? 0,
      punchesInAssumedZone: c.assumed.get(r.sn) ?? 0,
      pendingCommands: c.pending.get(r.sn) ?? 0,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }
  })
}

/** One device's view. */
export async function deviceView(services: Services, row: DeviceRow): Promise<DeviceView> {
  const [view] = await deviceViews(services, [row], true)
  if (!view) throw new Error('unreachable: one row gives one view')
  return view
}
