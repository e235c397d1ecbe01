import { and, desc, eq, lt } from 'drizzle-orm'
import type { Db } from '../db'
import { deviceErrors, deviceLogs, rejectedLines } from '../db/schema'

/** One page of a device's records, newest first; pass `nextBefore` back as `before` for older ones. */
export interface RecordPage<T> {
  items: T[]
  nextBefore?: number
}

export interface PageQuery {
  limit: number
  /** Only ids below this one */
  before?: number
}

function page<T extends { id: number }>(rows: T[], limit: number): RecordPage<T> {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return rows.length > limit && last ? { items, nextBefore: last.id } : { items }
}

/** Lines a device sent that could not be used (any table), with the reason. */
export async function rejectedLinesPage(db: Db, sn: string, q: PageQuery) {
  const rows = await db
    .select({
      id: rejectedLines.id,
      table: rejectedLines.table,
      line: rejectedLines.line,
      text: rejectedLines.text,
      reason: rejectedLines.reason,
      receivedAt: rejectedLines.receivedAt,
    })
    .from(rejectedLines)
    .where(
      and(
        eq(rejectedLines.sn, sn),
        q.before === undefined ? undefined : lt(rejectedLines.id, q.before),
      ),
    )
    .orderBy(desc(rejectedLines.id))
    .limit(q.limit + 1)
  return page(rows, q.limit)
}

/** Errors a device reported (ERRORLOG records). */
export async function deviceErrorsPage(db: Db, sn: string, q: PageQuery) {
  const rows = await db
    .select({
      id: deviceErrors.id,
      code: deviceErrors.code,
      message: deviceErrors.message,
      origin: deviceErrors.origin,
      cmdId: deviceErrors.cmdId,
      additional: deviceErrors.additional,
      receivedAt: deviceErrors.receivedAt,
    })
    .from(deviceErrors)
    .where(
      and(
        eq(deviceErrors.sn, sn),
        q.before === undefined ? undefined : lt(deviceErrors.id, q.before),
      ),
    )
    .orderBy(desc(deviceErrors.id))
    .limit(q.limit + 1)
  return page(rows, q.limit)
}

/** Log files a device uploaded (metadata; the bytes are fetched one file at a time). */
export async function deviceLogsPage(db: Db, sn: string, q: PageQuery) {
  const rows = await db
    .select({
      id: deviceLogs.id,
      sn: deviceLogs.sn,
      fileName: deviceLogs.fileName,
      size: deviceLogs.size,
      receivedAt: deviceLogs.receivedAt,
    })
    .from(deviceLogs)
    .where(
      and(eq(deviceLogs.sn, sn), q.before === undefined ? undefined : lt(deviceLogs.id, q.before)),
    )
    .orderBy(desc(deviceLogs.id))
    .limit(q.limit + 1)
  return page(rows, q.limit)
}
