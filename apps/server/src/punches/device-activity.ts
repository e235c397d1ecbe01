import { and, count, countDistinct, eq, gte, lt, sql } from 'drizzle-orm'
import type { Db } from '../db'
import { punches } from '../db/schema'
import { ValidationError } from '../errors'

export type ActivityBucket = 'minute' | 'hour' | 'day'

const BUCKET_MS: Record<ActivityBucket, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
}

/** A chart of more points than this is not read by anyone: ask for a larger bucket instead. */
export const MAX_BUCKETS = 10_000

/** Default range when `from` is not given: one screenful of each bucket size. */
const DEFAULT_SPAN_MS: Record<ActivityBucket, number> = {
  minute: 3_600_000,
  hour: 86_400_000,
  day: 30 * 86_400_000,
}

export interface ActivityQuery {
  bucket: ActivityBucket
  from: Date
  to: Date
  /** Zone whose days and hours the buckets follow (the device's) */
  zone: string
}

export interface DeviceActivity {
  bucket: ActivityBucket
  zone: string
  from: string
  to: string
  /** Punches received in the range, and how many different people made them */
  punches: number
  people: number
  /** Buckets that received at least one punch, oldest first (`at`: the bucket's start) */
  buckets: Array<{ at: string; punches: number; people: number }>
}

/** The range to chart: `to` defaults to now, `from` to one default span before `to`; 400 when unusable. */
export function activityRange(
  bucket: ActivityBucket,
  now: Date,
  from?: string,
  to?: string,
): { from: Date; to: Date } {
  const end = to === undefined ? now : new Date(to)
  const start =
    from === undefined ? new Date(end.getTime() - DEFAULT_SPAN_MS[bucket]) : new Date(from)
  if (Number.isNaN(end.getTime())) throw new ValidationError(`"to" is not a date-time: ${to}`)
  if (Number.isNaN(start.getTime())) throw new ValidationError(`"from" is not a date-time: ${from}`)
  if (start >= end) throw new ValidationError('"from" must be before "to"')
  const buckets = Math.ceil((end.getTime() - start.getTime()) / BUCKET_MS[bucket])
  if (buckets > MAX_BUCKETS) {
    throw new ValidationError(
      `${buckets} ${bucket} buckets is more than ${MAX_BUCKETS}: shorten the range or use a larger bucket`,
    )
  }
  return { from: start, to: end }
}

/**
 * Punches a device delivered per bucket of their receipt time (not the device's own clock, which may be
 * wrong or replaying a backlog), bucketed in SQL in the device's zone.
 */
export async function deviceActivity(
  db: Db,
  sn: string,
  q: ActivityQuery,
): Promise<DeviceActivity> {
  const where = and(
    eq(punches.sn, sn),
    eq(punches.source, 'device'),
    gte(punches.receivedAt, q.from),
    lt(punches.receivedAt, q.to),
  )
  const start = sql`date_trunc(${q.bucket}, ${punches.receivedAt}, ${q.zone})`
  // Grouped by position: the same expression written twice would carry different parameters.
  const rows = await db
    .select({
      at: sql<number>`extract(epoch from ${start}) * 1000`.mapWith(Number),
      punches: count(),
      people: countDistinct(punches.pin),
    })
    .from(punches)
    .where(where)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
  const [total] = await db
    .select({ punches: count(), people: countDistinct(punches.pin) })
    .from(punches)
    .where(where)
  return {
    bucket: q.bucket,
    zone: q.zone,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    punches: total?.punches ?? 0,
    people: total?.people ?? 0,
    buckets: rows.map((r) => ({
      at: new Date(r.at).toISOString(),
      punches: r.punches,
      people: r.people,
    })),
  }
}
