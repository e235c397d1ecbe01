import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

export type CommandStatus = 'queued' | 'sent' | 'succeeded' | 'failed' | 'expired'

/** Commands queued for terminals: queued → sent on delivery → succeeded/failed on the device's result. */
export const commands = pgTable(
  'commands',
  {
    /** ≤ 16 alphanumerics, as firmware requires */
    id: text('id').primaryKey(),
    sn: text('sn').notNull(),
    /** API type (`reboot`, `update-user`, `set-time`, …) */
    type: text('type').notNull(),
    /** The command text after `C:<id>:` */
    text: text('text').notNull(),
    status: text('status').$type<CommandStatus>().notNull().default('queued'),
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
