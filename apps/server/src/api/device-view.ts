import { t } from 'elysia'
import { timeIssueOf } from '../clock'
import type { DeviceRow } from '../devices'
import type { ApiDeps } from './deps'
import { Instant, nullable } from './page-query'

/** A device as the API shows it: no token hash, the zone it actually runs in, and live counts. */
export const DeviceViewSchema = t.Object({
  sn: t.String(),
  name: nullable(t.String()),
  status: t.String({ description: 'pending, approved or refused' }),
  online: t.Boolean(),
  lastSeenAt: nullable(Instant),
  lastKnockAt: nullable(
    t.String({
      format: 'date-time',
      description: 'last request under this serial that was not admitted',
    }),
  ),
  knockIp: nullable(t.String({ description: 'where that request came from' })),
  timeZone: nullable(t.String()),
  effectiveTimeZone: t.String(),
  timeZoneConfirmed: t.Boolean({
    description:
      'someone set the zone; until then punches are read in the server default and not corrected',
  }),
  deviceType: t.String(),
  pushver: nullable(t.String()),
  language: nullable(t.String()),
  firmware: nullable(t.String()),
  ip: nullable(t.String()),
  hasToken: t.Boolean(),
  telemetry: t.Record(t.String(), t.Unknown()),
  clockSkewSeconds: nullable(
    t.Number({ description: 'last measured device clock minus server clock' }),
  ),
  timeIssue: nullable(t.Union([t.Literal('zone-mismatch'), t.Literal('clock-skew')])),
  suggestedUtcOffsetMinutes: nullable(t.Integer()),
  suggestedUtcOffset: nullable(t.String({ description: '`±HHMM`' })),
  options: t.Optional(
    t.Record(t.String(), t.String(), { description: 'the options it pushed (one device only)' }),
  ),
  groupIds: t.Array(t.Integer()),
  punchCount: t.Integer(),
  punchesInAssumedZone: t.Integer({
    description: "punches read in the server default zone, re-read once the device's zone is set",
  }),
  punchesOfUnknownPeople: t.Integer({
    description: 'punches of a PIN no person has: `GET /api/attendance?sn=…&unknownPerson=true`',
  }),
  pendingCommands: t.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
})

export type DeviceView = typeof DeviceViewSchema.static

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
