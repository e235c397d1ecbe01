import { and, asc, eq, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../db'
import { devices, people, punches } from '../db/schema'
import type { Logger } from '../logger'
import {
  type ExportFormat,
  type ExportRow,
  exportHead,
  exportPage,
  exportTail,
} from './export-format'
import { afterKey, type PunchFilter, type PunchKey, punchFilterSql } from './punch-filter'

/** Rows per query: memory stays flat whatever the export's size. */
export const EXPORT_PAGE_ROWS = 1_000

/** One page of the export after `cursor`, unexecuted (tests read its plan). */
export function punchExportQuery(db: Db, filter: SQL | undefined, cursor: PunchKey | undefined) {
  return (
    db
      .select({
        at: sql<string>`${punches.punchedAt}::text`,
        id: punches.id,
        pin: punches.pin,
        personName: people.name,
        sn: punches.sn,
        deviceName: devices.name,
        status: punches.status,
        verify: punches.verify,
        localTime: punches.localTime,
        punchedAt: punches.punchedAt,
        source: punches.source,
        note: punches.note,
      })
      .from(punches)
      // The names join people and devices in the one streaming statement: a look-up per page would cost a
      // round trip each (the deliberate exception in table-owners.test.ts).
      .leftJoin(people, eq(people.pin, punches.pin))
      .leftJoin(devices, eq(devices.sn, punches.sn))
      .where(and(filter, cursor ? afterKey(cursor, false) : undefined))
      .orderBy(asc(punches.punchedAt), asc(punches.id))
      .limit(EXPORT_PAGE_ROWS)
  )
}

/**
 * A byte stream of every matching punch in (punched_at, id) order, read page by page with a keyset
 * cursor: one query per pull, so a slow client slows the queries instead of filling memory. Person and
 * device names are joined in for the report; nothing else of those tables is read here.
 */
export function punchExportStream(
  db: Db,
  f: PunchFilter,
  format: ExportFormat,
  bom: boolean,
  log: Logger,
): ReadableStream<Uint8Array> {
  const filter = punchFilterSql(f)
  const encoder = new TextEncoder()
  const read = (after: PunchKey | undefined) => punchExportQuery(db, filter, after).execute()
  type Page = Awaited<ReturnType<typeof read>>
  let first = true
  // The next page is asked for as soon as a page arrives, so the database reads it while this one is encoded and
  // sent: one page ahead at most, so memory stays flat.
  let next: Promise<Page> | undefined = read(undefined)
  // A page read ahead for a stream then cancelled fails unobserved; its error is the pull's, never unhandled.
  next.catch(() => {})
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(exportHead(format, bom)))
    },
    async pull(controller) {
      try {
        const rows = await (next as Promise<Page>)
        const last = rows.at(-1)
        next = undefined
        if (last && rows.length === EXPORT_PAGE_ROWS) {
          next = read({ at: last.at, id: last.id })
          next.catch(() => {})
        }
        if (last) {
          controller.enqueue(encoder.encode(exportPage(format, rows as ExportRow[], first)))
          first = false
        }
        if (!next) {
          controller.enqueue(encoder.encode(exportTail(format)))
          controller.close()
        }
      } catch (error) {
        log.error('attendance export failed mid-stream', {
          error: error instanceof Error ? error.message : String(error),
        })
        controller.error(error)
      }
    },
    cancel() {
      next = undefined
    },
  })
}
