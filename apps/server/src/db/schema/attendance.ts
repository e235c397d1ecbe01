import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { bytea } from './columns'

/**
 * Punches. A re-sent batch adds nothing: unique on device, PIN, device-local time and state.
 *
 * Partitioned by month on `local_time` (`PARTITION BY RANGE`, migration 0007; drizzle-kit cannot express it, so
 * this schema describes the parent and `punches/partitions.ts` manages the partitions). Why `local_time` and not
 * `punched_at`: a unique index on a partitioned table must contain the partition key, and `local_time` is already
 * in the dedupe key, so dedupe is unchanged; and nothing rewrites it, whereas a zone re-read rewrites `punched_at`
 * (which would move rows between partitions and let a re-read punch miss its twin in another month). Date-range
 * reads, which filter on `punched_at`, add a `local_time` bound widened by the largest zone offsets so the planner
 * prunes (`punches/punch-filter.ts`). `local_time` is always `YYYY-MM-DD HH:MM:SS`, so its text order is time
 * order. The primary key includes the partition key too; `id` stays unique because only its sequence fills it.
 */
export const punches = pgTable(
  'punches',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    sn: text('sn').notNull(),
    pin: text('pin').notNull(),
    /** Device wall clock as sent, `YYYY-MM-DD HH:MM:SS` */
    localTime: text('local_time').notNull(),
    /** The instant, from the local time and the device's zone at ingest */
    punchedAt: timestamp('punched_at', { withTimezone: true }).notNull(),
    /**
     * The zone `punchedAt` was read in when nobody had set the device's zone (the server default), so the punch
     * can be re-read once it is set; null when the zone was set.
     */
    assumedZone: text('assumed_zone'),
    status: integer('status').notNull(),
    verify: integer('verify').notNull(),
    workCode: text('work_code').notNull().default(''),
    /** Fields beyond the first five (mask flag, temperature, time offset, …) */
    extra: jsonb('extra').$type<Record<string, string>>(),
    /** `correction`: the new version of a corrected punch (see `punch_corrections`) */
    source: text('source').$type<'device' | 'manual' | 'correction'>().notNull().default('device'),
    createdBy: text('created_by'),
    note: text('note'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'punches_pkey', columns: [t.id, t.localTime] }),
    uniqueIndex('punches_dedupe_idx').on(t.sn, t.pin, t.localTime, t.status),
    index('punches_punched_at_idx').on(t.punchedAt),
    index('punches_pin_idx').on(t.pin, t.punchedAt),
    // A device's punches by time: without it a device page reads the time index and keeps 1 row in 300.
    index('punches_sn_time_idx').on(t.sn, t.punchedAt, t.id),
  ],
)

/**
 * Corrections of punches, beside them: the device's record is never altered or deleted. A punch is corrected at
 * most once (`punch_id` unique); an edit's new version is a punch of its own (`replacement_id`, source
 * `correction`), which may be corrected in turn. Lists, exports and timesheets read punches no correction names.
 */
export const punchCorrections = pgTable(
  'punch_corrections',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // No foreign keys to punches: a partitioned punches table (by month) could not be referenced.
    punchId: bigint('punch_id', { mode: 'number' }).notNull(),
    action: text('action').$type<'edit' | 'void'>().notNull(),
    replacementId: bigint('replacement_id', { mode: 'number' }),
    reason: text('reason').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('punch_corrections_punch_idx').on(t.punchId),
    uniqueIndex('punch_corrections_replacement_idx').on(t.replacementId),
  ],
)

/** OPLOG records (operations on the terminal). */
export const operations = pgTable(
  'operations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sn: text('sn').notNull(),
    op: integer('op').notNull(),
    operator: text('operator').notNull(),
    localTime: text('local_time').notNull(),
    value1: text('value1').notNull().default(''),
    value2: text('value2').notNull().default(''),
    value3: text('value3').notNull().default(''),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('operations_dedupe_idx').on(t.sn, t.op, t.localTime, t.operator, t.value1)],
)

/** Attendance photos: bytes, not text. */
export const attendancePhotos = pgTable(
  'attendance_photos',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sn: text('sn').notNull(),
    fileName: text('file_name').notNull(),
    pin: text('pin'),
    localTime: text('local_time'),
    image: bytea('image').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('attendance_photos_dedupe_idx').on(t.sn, t.fileName)],
)
