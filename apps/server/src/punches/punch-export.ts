import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm'
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

/** Rows per query: memory stays flat whatever the export's size. */
export const EXPORT_PAGE_ROWS = 1_000

/** Which punches an export holds; every field narrows it. */
export interface ExportFilter {
  from?: Date
  /** Exclusive */
  to?: Date
  sn?: string
  pin?: string
  /** Only punches from these devices (a group's) */
  sns?: readonly string[]
}

/**
 * A byte stream of every matching punch in (punched_at, id) order, read page by page with a keyset
 * cursor: one query per pull, so a slow client slows the queries instead of filling memory. Person and
 * device names are joined in for the report; nothing else of those tables is read here.
 */
export function punchExportStream(
  db: Db,
  f: ExportFilter,
  format: ExportFormat,
  bom: boolean,
  log: Logger,
): ReadableStream<Uint8Array> {
  const filter = and(
    f.from ? gte(punches.punchedAt, f.from) : undefined,
    f.to ? lt(punches.punchedAt, f.to) : undefined,
    f.sn ? eq(punches.sn, f.sn) : undefined,
    f.pin ? eq(punches.pin, f.pin) : undefined,
    f.sns ? inArray(punches.sn, [...f.sns]) : undefined,
  )
  const encoder = new TextEncoder()
  let cursor: { at: string; id: number } | undefined
  let first = true
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(exportHead(format, bom)))
    },
    async pull(controller) {
      try {
        const rows = await db
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
          .where(
            and(
              filter,
              cursor
                ? sql`(${punches.punchedAt}, ${punches.id}) > (${cursor.at}::timestamptz, ${cursor.id})`
                : undefined,
            ),
          )
          .orderBy(asc(punches.punchedAt), asc(punches.id))
          .limit(EXPORT_PAGE_ROWS)
        const last = rows.at(-1)
        if (last) {
          controller.enqueue(encoder.encode(exportPage(format, rows as ExportRow[], first)))
          first = false
          cursor = { at: last.at, id: last.id }
        }
        if (rows.length < EXPORT_PAGE_ROWS) {
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
  })
}
