import { isTimeZone } from '@webroster/protocol'
import { and, asc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm'
import { Elysia, t } from 'elysia'
import type { Db } from '../db'
import { deviceGroups, devices, groups, people, punches } from '../db/schema'
import { ValidationError } from '../errors'
import type { Logger } from '../logger'
import type { Services } from '../services'
import {
  CONTENT_TYPES,
  type ExportFormat,
  type ExportRow,
  exportHead,
  exportPage,
  exportTail,
} from './export-format'
import { EXPORT_BOUND, instantOf, parseTimeInput } from './time-input'
import type { WithPrincipal } from './with-principal'

/** Rows per query: memory stays flat whatever the export's size. */
export const EXPORT_PAGE_ROWS = 1_000

/** A `from`/`to` bound: an ISO instant, or a date meaning its midnight in `zone` (`to`: the next one). */
function bound(text: string, zone: string, endOfDay: boolean): Date {
  const input = parseTimeInput(text, endOfDay ? 'to' : 'from', EXPORT_BOUND)
  if (input.kind !== 'date' || !endOfDay) return instantOf(input, zone)
  return instantOf({ kind: 'date', day: new Date(input.day.getTime() + 86_400_000) }, zone)
}

async function groupFilter(db: Db, group: string): Promise<SQL> {
  const [row] = await db
    .select({ id: groups.id })
    .from(groups)
    .where(/^\d+$/.test(group) ? eq(groups.id, Number(group)) : eq(groups.name, group))
  if (!row) throw new ValidationError(`unknown group ${group}`)
  return inArray(
    punches.sn,
    db.select({ sn: deviceGroups.sn }).from(deviceGroups).where(eq(deviceGroups.groupId, row.id)),
  )
}

/**
 * A byte stream of every matching punch in (punched_at, id) order, read page by page with a keyset
 * cursor: one query per pull, so a slow client slows the queries instead of filling memory.
 */
function punchStream(
  db: Db,
  filter: SQL | undefined,
  format: ExportFormat,
  bom: boolean,
  log: Logger,
): ReadableStream<Uint8Array> {
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

/** GET /api/attendance/export: streamed CSV, JSON array or NDJSON of punches. */
export function exportRoutes(services: Services) {
  const { db, config, log } = services
  return new Elysia<'/attendance', WithPrincipal>({
    name: 'export-routes',
    prefix: '/attendance',
  }).get(
    '/export',
    async ({ query }) => {
      const format = query.format ?? 'csv'
      const zone = query.timeZone ?? config.defaultTimeZone
      if (!isTimeZone(zone)) throw new ValidationError(`unknown time zone: ${zone}`)
      const from = query.from ? bound(query.from, zone, false) : undefined
      const to = query.to ? bound(query.to, zone, true) : undefined
      const filter = and(
        from ? gte(punches.punchedAt, from) : undefined,
        to ? lt(punches.punchedAt, to) : undefined,
        query.sn ? eq(punches.sn, query.sn) : undefined,
        query.pin ? eq(punches.pin, query.pin) : undefined,
        query.group ? await groupFilter(db, query.group) : undefined,
      )
      const name = ['attendance', query.from, query.to]
        .filter(Boolean)
        .join('_')
        .replace(/[^\w.-]/g, '-')
      return new Response(punchStream(db, filter, format, query.bom === true, log), {
        headers: {
          'content-type': CONTENT_TYPES[format],
          'content-disposition': `attachment; filename="${name}.${format}"`,
          'cache-control': 'no-store',
        },
      })
    },
    {
      query: t.Object({
        format: t.Optional(t.Union([t.Literal('csv'), t.Literal('json'), t.Literal('ndjson')])),
        from: t.Optional(
          t.String({ description: 'ISO instant, or YYYY-MM-DD (midnight in timeZone)' }),
        ),
        to: t.Optional(
          t.String({ description: 'exclusive ISO instant, or YYYY-MM-DD (that day included)' }),
        ),
        timeZone: t.Optional(
          t.String({ description: 'zone of date-only bounds; default: server zone' }),
        ),
        group: t.Optional(t.String({ description: 'device group id or name' })),
        sn: t.Optional(t.String()),
        pin: t.Optional(t.String()),
        bom: t.Optional(t.Boolean({ description: 'CSV: start with a UTF-8 BOM (for Excel)' })),
      }),
      detail: {
        tags: ['attendance'],
        summary: 'Export punches (streamed CSV, JSON array or NDJSON)',
        description:
          'Ordered by instant. Columns: punch id, PIN, person name, device SN and name, state and verify ' +
          'mode in words, device-local time, UTC instant, source, note. CSV follows RFC 4180; cells that ' +
          "a spreadsheet would run as a formula are prefixed with '.",
      },
    },
  )
}
