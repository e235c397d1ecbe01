import type { ApiKeys } from '../auth/api-keys'
import type { AuthContext } from '../auth/request-principal'
import type { CommandQueue } from '../commands'
import type { DeviceDirectory } from '../devices'
import type { DeviceRecords } from '../diagnostics/device-records'
import type { Logger } from '../logger'
import type { People } from '../people/people'
import type { Punches, PunchFeed, RereadOutcome } from '../punches'
import type { Timesheets } from '../timesheets'
import type { WebhookSubscriptions } from '../webhooks/webhook-store'

/** What the management API is built from; each route plugin takes the few of these it uses, by name. */
export interface ApiDeps {
  /** Who is asking (bearer token or session), sign-in, operators and the audit log */
  auth: AuthContext
  apiKeys: ApiKeys
  devices: DeviceDirectory
  commands: CommandQueue
  people: People
  punches: Punches
  /** New punches as they are committed, by any server process (the console's live feed) */
  punchFeed: PunchFeed
  records: DeviceRecords
  webhooks: WebhookSubscriptions
  timesheets: Timesheets
  /** Re-reads the punches a device stored under the default zone in the zone now set on it */
  rereadPunches(sn: string): Promise<RereadOutcome>
  /** Zone of devices without their own, and of date-only bounds */
  defaultTimeZone: string
  clockSyncThresholdSeconds: number
  webhookAllowPrivate: boolean
  now: () => Date
  log: Logger
}
