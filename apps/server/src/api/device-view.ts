import { type ClockStatus, timeIssueOf } from '../clock'
import type { DeviceRow } from '../devices'
import type { ApiDeps } from './deps'

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
  /** Punches of a PIN no person has: `GET /api/attendance?sn=…&unknownPerson=true` lists them */
  punchesOfUnknownPeople: number
  pendingCommands: number
  createdAt: string
  updatedAt: string
}

/** What a device view is built from. */
export type DeviceViewDeps = Pick<
  ApiDeps,
  | 'devices'
  | 'punches'
  | 'commands'
  | 'people'
  | 'defaultTimeZone'
  | 'clockSyncThresholdSeconds'
  | 'now'
>

/** Views of device rows, with counts fetched in three grouped queries whatever the number of devices. */
export async function deviceViews(
  deps: DeviceViewDeps,
  rows: DeviceRow[],
  withOptions = false,
): Promise<DeviceView[]> {
  if (rows.length === 0) return []
  const sns = rows.map((r) => r.sn)
  const punchCounts = await deps.punches.countsByDevice(sns)
  const pending = await deps.commands.pendingCounts(sns)
  const groups = await deps.people.groupIdsOfDevices(sns)
  const now = deps.now()
  const threshold = deps.clockSyncThresholdSeconds
  return rows.map((r) => {
    const zone = r.timeZone ?? deps.defaultTimeZone
    return {
      sn: r.sn,
      name: r.name,
      status: r.status,
      online: deps.devices.isOnline(r, now),
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
      groupIds: groups.get(r.sn) ?? [],
      punchCount: punchCounts.get(r.sn)?.total ?? 0,
      punchesInAssumedZone: punchCounts.get(r.sn)?.inAssumedZone ?? 0,
      punchesOfUnknownPeople: punchCounts.get(r.sn)?.unknownPerson ?? 0,
      pendingCommands: pending.get(r.sn) ?? 0,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }
  })
}

/** One device's view. */
export async function deviceView(deps: DeviceViewDeps, row: DeviceRow): Promise<DeviceView> {
  const [view] = await deviceViews(deps, [row], true)
  if (!view) throw new Error('unreachable: one row gives one view')
  return view
}
