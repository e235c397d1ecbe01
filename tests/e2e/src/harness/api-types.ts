/** JSON shapes of the management API, as far as the scenarios read them. */

export interface PersonView {
  pin: string
  name: string
  card: string | null
  groupIds: number[]
}

export interface GroupView {
  id: number
  name: string
}

export interface DeviceView {
  sn: string
  status: 'pending' | 'approved' | 'refused'
  online: boolean
  lastSeenAt: string | null
  /** Last request that was not admitted (a pending device polls, but is not "seen") */
  lastKnockAt: string | null
  groupIds: number[]
  punchCount: number
  pendingCommands: number
  ip?: string | null
  telemetry?: Record<string, unknown>
  timeZoneConfirmed?: boolean
  timeIssue?: 'zone-mismatch' | 'clock-skew' | null
  suggestedUtcOffset?: string | null
  punchesInAssumedZone?: number
}

export interface CommandView {
  id: number
  sn: string
  type: string
  text: string
  status: 'queued' | 'sent' | 'delivered' | 'succeeded' | 'failed' | 'expired'
  reason: 'no-result' | 'superseded' | 'restarted' | 'no-acknowledgement' | 'unsupported' | null
  attempts: number
  returnCode: number | null
  result: unknown
}

export interface PunchView {
  id: number
  sn: string
  pin: string
  localTime: string
  punchedAt: string
  status: number
  verify: number
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface TemplateView {
  id: number
  kind: string
  no: number
  size: number
  sourceSn: string | null
}

export interface CredentialsView {
  pin: string
  card: string | null
  templates: TemplateView[]
}
