import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core'
import { bytea } from './columns'

/** Admission state of a terminal: `pending` devices get no option block and no acknowledgements. */
export type DeviceStatus = 'pending' | 'approved' | 'refused'

export const devices = pgTable(
  'devices',
  {
    sn: text('sn').primaryKey(),
    name: text('name'),
    status: text('status').$type<DeviceStatus>().notNull().default('pending'),
    /** SHA-256 of the per-device secret, for `DEVICE_ADMISSION=token` */
    tokenHash: text('token_hash'),
    /** IANA zone the device's wall clock runs in; null means the server default */
    timeZone: text('time_zone'),
    deviceType: text('device_type').notNull().default('att'),
    pushver: text('pushver'),
    language: text('language'),
    firmware: text('firmware'),
    ip: text('ip'),
    /** Last INFO= / telemetry fields, as parsed */
    telemetry: jsonb('telemetry').$type<Record<string, unknown>>().notNull().default({}),
    /** Parameters the device pushed (`table=options`, INFO command results) */
    options: jsonb('options').$type<Record<string, string>>().notNull().default({}),
    /** Last stamps the device echoed, per table */
    stamps: jsonb('stamps').$type<Record<string, string>>().notNull().default({}),
    registryCode: text('registry_code'),
    sessionId: text('session_id'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    /** Last request under this serial that was not admitted (pending, refused, wrong token) */
    lastKnockAt: timestamp('last_knock_at', { withTimezone: true }),
    /** Source address of that request */
    knockIp: text('knock_ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('devices_status_idx').on(t.status)],
)

export const groups = pgTable('groups', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

export const deviceGroups = pgTable(
  'device_groups',
  {
    sn: text('sn')
      .notNull()
      .references(() => devices.sn, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.sn, t.groupId] }),
    index('device_groups_group_idx').on(t.groupId),
  ],
)

/** Log files terminals upload (multipart `file` + `sn`). */
export const deviceLogs = pgTable(
  'device_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sn: text('sn').notNull(),
    fileName: text('file_name').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('device_logs_sn_idx').on(t.sn, t.receivedAt)],
)

/** ERRORLOG records and other device-reported errors. */
export const deviceErrors = pgTable(
  'device_errors',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sn: text('sn').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull().default(''),
    origin: text('origin'),
    cmdId: text('cmd_id'),
    additional: text('additional'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('device_errors_sn_idx').on(t.sn, t.receivedAt)],
)

/** Lines a device sent that could not be used, with the reason: nothing is dropped silently. */
export const rejectedLines = pgTable(
  'rejected_lines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sn: text('sn').notNull(),
    table: text('table').notNull(),
    line: integer('line').notNull(),
    text: text('text').notNull(),
    reason: text('reason').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rejected_lines_sn_idx').on(t.sn, t.receivedAt)],
)
