import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

/**
 * Where a command is in its life. `delivered` is final for terminals that never acknowledge: the command went
 * out, and no result will ever come.
 */
export const COMMAND_STATUSES = [
  'queued',
  'sent',
  'delivered',
  'succeeded',
  'failed',
  'expired',
] as const
export type CommandStatus = (typeof COMMAND_STATUSES)[number]

/** The command types the API accepts (`POST /api/devices/:sn/commands`). */
export const API_COMMAND_KINDS = [
  'reboot',
  'update-user',
  'delete-user',
  'set-time',
  'check',
  'info',
  'clear-log',
  'query-attlog',
  'raw',
] as const

/**
 * What a command is, as recorded on its row: an API type, or a template change or fingerprint enrolment that the
 * people domain queues.
 * `set-time` is unique per device while pending (a partial index).
 */
export const COMMAND_KINDS = [
  ...API_COMMAND_KINDS,
  'update-template',
  'delete-template',
  'enroll-fingerprint',
] as const
export type CommandKind = (typeof COMMAND_KINDS)[number]

/**
 * Why a command ended other than by the device's own result: `no-result` (delivered the maximum number of
 * times, never answered), `superseded` (a newer reboot replaced it), `restarted` (a reboot the device answered
 * by handshaking again), `no-acknowledgement` (delivered to a terminal that never reports results),
 * `unsupported` (not sent: that terminal would ignore or misread it), `cancelled` (an operator cancelled it
 * before it was sent).
 */
export const COMMAND_REASONS = [
  'no-result',
  'superseded',
  'restarted',
  'no-acknowledgement',
  'unsupported',
  'cancelled',
] as const
export type CommandReason = (typeof COMMAND_REASONS)[number]

/** Commands queued for terminals: queued → sent on delivery → succeeded/failed on the device's result. */
export const commands = pgTable(
  'commands',
  {
    /** Positive 32-bit integer from one sequence: firmware parses the id of `C:<id>:` as a number */
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    sn: text('sn').notNull(),
    type: text('type').$type<CommandKind>().notNull(),
    /** The command text after `C:<id>:`, as last delivered */
    text: text('text').notNull(),
    status: text('status').$type<CommandStatus>().notNull().default('queued'),
    reason: text('reason').$type<CommandReason>(),
    attempts: integer('attempts').notNull().default(0),
    returnCode: integer('return_code'),
    resultMeaning: text('result_meaning'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('commands_pending_idx').on(t.sn, t.createdAt).where(sql`status in ('queued', 'sent')`),
    index('commands_sn_idx').on(t.sn, t.createdAt),
    // At most one pending clock-set per device (the old server flooded SET OPTIONS on every poll).
    uniqueIndex('commands_one_pending_set_time_idx')
      .on(t.sn)
      .where(sql`type = 'set-time' and status in ('queued', 'sent')`),
  ],
)
