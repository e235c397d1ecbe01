import { and, desc, eq, lt } from 'drizzle-orm'
import { idBeforeCursor, idPage } from '../cursor'
import type { Db, Tx } from '../db'
import { deviceErrors, deviceLogs, rejectedLines } from '../db/schema'

export interface PageQuery {
  limit: number
  /** `nextCursor` of the previous page: only older records */
  cursor?: string
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
        q.cursor === undefined ? undefined : lt(rejectedLines.id, idBeforeCursor(q.cursor)),
      ),
    )
    .orderBy(desc(rejectedLines.id))
    .limit(q.limit + 1)
  return idPage(rows, q.limit)
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
        q.cursor === undefined ? undefined : lt(deviceErrors.id, idBeforeCursor(q.cursor)),
      ),
    )
    .orderBy(desc(deviceErrors.id))
    .limit(q.limit + 1)
  return idPage(rows, q.limit)
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
      and(
        eq(deviceLogs.sn, sn),
        q.cursor === undefined ? undefined : lt(deviceLogs.id, idBeforeCursor(q.cursor)),
      ),
    )
    .orderBy(desc(deviceLogs.id))
    .limit(q.limit + 1)
  return idPage(rows, q.limit)
}

/** One uploaded log file with its bytes, or undefined. */
async function deviceLogFile(db: Db, sn: string, id: number) {
  const [row] = await db
    .select()
    .from(deviceLogs)
    .where(and(eq(deviceLogs.sn, sn), eq(deviceLogs.id, id)))
  return row
}

/** Drops a forgotten device's logs, errors and rejected lines in the caller's transaction. */
async function forgetDeviceRecords(tx: Tx, sn: string): Promise<void> {
  await tx.delete(deviceLogs).where(eq(deviceLogs.sn, sn))
  await tx.delete(deviceErrors).where(eq(deviceErrors.sn, sn))
  await tx.delete(rejectedLines).where(eq(rejectedLines.sn, sn))
}

/** What terminals left for the operator: lines that could not be used, errors they reported, log files. */
export class DeviceRecords {
  constructor(private readonly db: Db) {}

  rejectedLines(sn: string, q: PageQuery) {
    return rejectedLinesPage(this.db, sn, q)
  }

  errors(sn: string, q: PageQuery) {
    return deviceErrorsPage(this.db, sn, q)
  }

  logs(sn: string, q: PageQuery) {
    return deviceLogsPage(this.db, sn, q)
  }

  logFile(sn: string, id: number) {
    return deviceLogFile(this.db, sn, id)
  }

  /** Drops a forgotten device's records in the caller's transaction. */
  forgetDevice(sn: string, tx: Tx): Promise<void> {
    return forgetDeviceRecords(tx, sn)
  }
}
