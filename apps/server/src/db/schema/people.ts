import {
  bigserial,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { bytea } from './columns'
import { groups } from './devices'

/** People who punch, keyed by PIN as terminals know them. */
export const people = pgTable(
  'people',
  {
    pin: text('pin').primaryKey(),
    name: text('name').notNull().default(''),
    privilege: integer('privilege').notNull().default(0),
    password: text('password').notNull().default(''),
    card: text('card'),
    verify: integer('verify'),
    validFrom: timestamp('valid_from', { withTimezone: true }),
    validTo: timestamp('valid_to', { withTimezone: true }),
    /** Where the person came from: `api` or `device:<sn>` */
    source: text('source').notNull().default('api'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('people_card_idx').on(t.card)],
)

export const personGroups = pgTable(
  'person_groups',
  {
    pin: text('pin')
      .notNull()
      .references(() => people.pin, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.pin, t.groupId] }),
    index('person_groups_group_idx').on(t.groupId),
  ],
)

export type TemplateKind = 'fp' | 'face' | 'fvein' | 'biodata'

/** Biometric templates, stored once per person, finger/type and index. */
export const templates = pgTable(
  'templates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    pin: text('pin').notNull(),
    kind: text('kind').$type<TemplateKind>().notNull(),
    /** Biometric type index (BIODATA Type; 1 for FP, 2 for NIR face, 7 for finger vein) */
    bioType: integer('bio_type').notNull(),
    /** Finger or item number (FID / No) */
    no: integer('no').notNull(),
    index: integer('index').notNull().default(0),
    valid: integer('valid').notNull().default(1),
    duress: integer('duress').notNull().default(0),
    majorVer: text('major_ver').notNull().default(''),
    minorVer: text('minor_ver').notNull().default(''),
    format: integer('format').notNull().default(0),
    template: text('template').notNull(),
    sourceSn: text('source_sn'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('templates_key_idx').on(t.pin, t.kind, t.bioType, t.no, t.index),
    index('templates_pin_idx').on(t.pin),
  ],
)

/** User photos (USERPIC / BIOPHOTO). */
export const personPhotos = pgTable(
  'person_photos',
  {
    pin: text('pin').notNull(),
    kind: text('kind').$type<'userpic' | 'biophoto'>().notNull(),
    bioType: integer('bio_type').notNull().default(0),
    fileName: text('file_name').notNull(),
    image: bytea('image').notNull(),
    sourceSn: text('source_sn'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.pin, t.kind, t.bioType] })],
)
