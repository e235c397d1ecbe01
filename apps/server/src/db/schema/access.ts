import { bigserial, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** API keys beside ADMIN_TOKEN, stored hashed. */
export const apiKeys = pgTable('api_keys', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  /** SHA-256 hex of the key */
  keyHash: text('key_hash').notNull().unique(),
  scopes: jsonb('scopes').$type<Array<'read' | 'write'>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
})

/** Server settings that must survive restarts (the admin token hash). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
