import { Elysia, t } from 'elysia'
import { csvLine } from '../csv'
import { decodeCursor, encodeCursor } from '../cursor'
import { ValidationError } from '../errors'
import {
  isDate,
  type PeopleFilter,
  publicDay,
  timesheetCsvCells,
  timesheetCsvHeader,
  timesheetXlsxStream,
} from '../timesheets'
import { apiReplies } from './api-replies'
import type { ApiDeps } from './deps'
import { rowId } from './id-params'
import {
  dayPage,
  exceptionPage,
  holidayBody,
  holidayView,
  lockBody,
  lockView,
  rangeQuery,
  scheduleBody,
  scheduleView,
  shiftBody,
  shiftView,
  summaryPage,
} from './timesheet-schemas'
import type { WithPrincipal } from './with-principal'

const tags = ['timesheets']
const idParams = t.Object({ id: rowId() })
/** A read covers at most a year: a payroll period, not the whole history at once. */
const MAX_RANGE_DAYS = 366
/** Days per query of a CSV or XLSX export: memory stays flat whatever the range. */
const EXPORT_PAGE_DAYS = 1_000

function exportResponse(body: ReadableStream<Uint8Array>, type: string, name: string): Response {
  return new Response(body, {
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
  })
}

function checkRange(from: string, to: string): void {
  if (!isDate(from)) throw new ValidationError(`"from" is not a date: ${from}`)
  if (!isDate(to)) throw new ValidationError(`"to" is not a date: ${to}`)
  if (to < from) throw new ValidationError('"to" must not be before "from"')
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1
  if (days > MAX_RANGE_DAYS) {
    throw new ValidationError(`${days} days is more than ${MAX_RANGE_DAYS}: shorten the range`)
  }
}

function people(query: { pin?: string; group?: number }): PeopleFilter {
  return {
    ...(query.pin !== undefined ? { pin: query.pin } : {}),
    ...(query.group !== undefined ? { groupId: query.group } : {}),
  }
}

function dayKey(cursor: string | undefined): { pin: string; date: string } | undefined {
  if (cursor === undefined) return undefined
  const [pin = '', date = ''] = decodeCursor(cursor, 2)
  if (!isDate(date)) throw new ValidationError('"cursor" is not one this API returned')
  return { pin, date }
}

/** The stored timesheets (JSON pages, CSV), month summaries and exceptions, and their rules' CRUD. */
export function timesheetRoutes({ timesheets }: Pick<ApiDeps, 'timesheets'>) {
  return new Elysia<'/timesheets', WithPrincipal>({ name: 'api-timesheets', prefix: '/timesheets' })
    .get(
      '',
      async ({ query }) => {
        checkRange(query.from, query.to)
        const filter = { ...people(query), from: query.from, to: query.to }
        const file = `timesheets_${query.from}_${query.to}`
        if (query.format === 'csv') {
          const encoder = new TextEncoder()
          const line = (cells: Array<string | number | null>) => encoder.encode(csvLine(cells))
          const pages = timesheets.allDays(filter, EXPORT_PAGE_DAYS)
          const stream = new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(line(timesheetCsvHeader()))
            },
            async pull(controller) {
              const next = await pages.next()
              if (next.done) controller.close()
              else for (const d of next.value) controller.enqueue(line(timesheetCsvCells(d)))
            },
          })
          return exportResponse(stream, 'text/csv; charset=utf-8', `${file}.csv`)
        }
        if (query.format === 'xlsx') {
          return exportResponse(
            timesheetXlsxStream(timesheets.allDays(filter, EXPORT_PAGE_DAYS)),
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            `${file}.xlsx`,
          )
        }
        const limit = query.limit ?? 100
        const rows = await timesheets.days(filter, limit + 1, dayKey(query.cursor))
        const items = rows.slice(0, limit)
        const last = items.at(-1)
        return {
          items: items.map(publicDay),
          nextCursor: rows.length > limit && last ? encodeCursor([last.pin, last.date]) : null,
        }
      },
      {
        query: t.Object({
          ...rangeQuery,
          format: t.Optional(t.Union([t.Literal('json'), t.Literal('csv'), t.Literal('xlsx')])),
        }),
        // The CSV answer is a stream (a Response), which is not validated; JSON pages are.
        response: apiReplies(
          {
            200: t.Union([
              dayPage,
              t.Unknown({ description: 'format=csv or xlsx: a file stream' }),
            ]),
          },
          400,
        ),
        detail: {
          tags,
          summary: 'Timesheet days per person and date (JSON pages or CSV)',
          description:
            'One record per person and date the worker has computed: the shift that applied, first in, last out, ' +
            'worked, break, late, early-leave and overtime minutes, a status and the exceptions. Ordered by PIN ' +
            'then date; at most a year per request. `format=csv` and `format=xlsx` (for payroll) stream every day of the range.',
        },
      },
    )
    .get(
      '/summary',
      async ({ query }) => {
        const limit = query.limit ?? 100
        const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 1)[0]
        const items = await timesheets.summary(query.month, people(query), limit + 1, after)
        const page = items.slice(0, limit)
        const last = page.at(-1)
        return {
          items: page,
          nextCursor: items.length > limit && last ? encodeCursor([last.pin]) : null,
        }
      },
      {
        query: t.Object({
          month: t.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: "'YYYY-MM'" }),
          pin: rangeQuery.pin,
          group: rangeQuery.group,
          limit: rangeQuery.limit,
          cursor: rangeQuery.cursor,
        }),
        response: apiReplies({ 200: summaryPage }, 400),
        detail: {
          tags,
          summary: 'Month totals per person',
          description:
            'Days present, absent and half, late count and minutes, early leaves, overtime and worked minutes, ' +
            'days off, holidays and exceptions, from the stored days of the month; people in PIN order.',
        },
      },
    )
    .get(
      '/exceptions',
      async ({ query }) => {
        checkRange(query.from, query.to)
        const limit = query.limit ?? 100
        const filter = { ...people(query), from: query.from, to: query.to, withExceptions: true }
        const rows = await timesheets.days(filter, limit + 1, dayKey(query.cursor))
        const days = rows.slice(0, limit)
        const last = days.at(-1)
        return {
          items: days.flatMap((d) =>
            d.exceptions.map((e) => ({
              pin: d.pin,
              date: d.date,
              shiftId: d.shiftId,
              status: d.status,
              kind: e.kind,
              punchId: e.punchId,
              minutes: e.minutes,
            })),
          ),
          nextCursor: rows.length > limit && last ? encodeCursor([last.pin, last.date]) : null,
        }
      },
      {
        query: t.Object(rangeQuery),
        response: apiReplies({ 200: exceptionPage }, 400),
        detail: {
          tags,
          summary:
            'Exceptions to work through: missing punches, late arrivals, punches outside any shift',
          description: '`limit` counts days; a day with several exceptions gives several items.',
        },
      },
    )
    .get('/shifts', () => timesheets.listShifts(), {
      response: apiReplies({ 200: t.Array(shiftView) }, 400),
      detail: { tags, summary: 'List shifts' },
    })
    .get('/shifts/:id', ({ params }) => timesheets.getShift(params.id), {
      params: idParams,
      response: apiReplies({ 200: shiftView }, 400, 404),
      detail: { tags, summary: 'Get a shift' },
    })
    .post(
      '/shifts',
      async ({ body, principal, set }) => {
        const shift = await timesheets.createShift(body, principal)
        set.status = 201
        return shift
      },
      {
        body: shiftBody,
        parse: 'json',
        response: apiReplies({ 201: shiftView }, 400, 409),
        detail: { tags, summary: 'Create a shift' },
      },
    )
    .put(
      '/shifts/:id',
      ({ params, body, principal }) => timesheets.replaceShift(params.id, body, principal),
      {
        params: idParams,
        body: shiftBody,
        parse: 'json',
        response: apiReplies({ 200: shiftView }, 400, 404, 409),
        detail: {
          tags,
          summary: 'Replace a shift',
          description:
            'The days of every schedule using it are recomputed from that schedule’s first day up to today (at most a year back), except days of locked periods.',
        },
      },
    )
    .delete(
      '/shifts/:id',
      ({ params, principal }) => timesheets.deleteShift(params.id, principal),
      {
        params: idParams,
        response: apiReplies({ 200: shiftView }, 400, 404, 409),
        detail: { tags, summary: 'Delete a shift no schedule uses (409 otherwise)' },
      },
    )
    .get('/schedules', () => timesheets.listSchedules(), {
      response: apiReplies({ 200: t.Array(scheduleView) }, 400),
      detail: { tags, summary: 'List schedules' },
    })
    .get('/schedules/:id', ({ params }) => timesheets.getSchedule(params.id), {
      params: idParams,
      response: apiReplies({ 200: scheduleView }, 400, 404),
      detail: { tags, summary: 'Get a schedule' },
    })
    .post(
      '/schedules',
      async ({ body, principal, set }) => {
        const schedule = await timesheets.createSchedule(body, principal)
        set.status = 201
        return schedule
      },
      {
        body: scheduleBody,
        parse: 'json',
        response: apiReplies({ 201: scheduleView }, 400, 409),
        detail: {
          tags,
          summary: 'Create a schedule for a person, a group or everyone',
          description:
            'The most specific schedule covering a day applies (person, then group, then everyone; a later `from` wins). Its people’s days are recomputed from `from` up to today.',
        },
      },
    )
    .put(
      '/schedules/:id',
      ({ params, body, principal }) => timesheets.replaceSchedule(params.id, body, principal),
      {
        params: idParams,
        body: scheduleBody,
        parse: 'json',
        response: apiReplies({ 200: scheduleView }, 400, 404, 409),
        detail: {
          tags,
          summary: 'Replace a schedule',
          description:
            'Days are recomputed from the earlier of the old and new `from` up to today.',
        },
      },
    )
    .delete(
      '/schedules/:id',
      ({ params, principal }) => timesheets.deleteSchedule(params.id, principal),
      {
        params: idParams,
        response: apiReplies({ 200: scheduleView }, 400, 404, 409),
        detail: { tags, summary: 'Delete a schedule' },
      },
    )
    .get('/holidays', () => timesheets.listHolidays(), {
      response: apiReplies({ 200: t.Array(holidayView) }, 400),
      detail: { tags, summary: 'List the site calendar’s holidays' },
    })
    .post(
      '/holidays',
      async ({ body, principal, set }) => {
        const holiday = await timesheets.createHoliday(
          { date: body.date, name: body.name, recurring: body.recurring ?? false },
          principal,
        )
        set.status = 201
        return holiday
      },
      {
        body: holidayBody,
        parse: 'json',
        response: apiReplies({ 201: holidayView }, 400, 409),
        detail: { tags, summary: 'Add a holiday (one-off, or recurring every year)' },
      },
    )
    .delete(
      '/holidays/:id',
      ({ params, principal }) => timesheets.deleteHoliday(params.id, principal),
      {
        params: idParams,
        response: apiReplies({ 200: holidayView }, 400, 404, 409),
        detail: { tags, summary: 'Remove a holiday' },
      },
    )
    .get('/locks', () => timesheets.listLocks(), {
      response: apiReplies({ 200: t.Array(lockView) }, 400),
      detail: { tags, summary: 'List locked periods' },
    })
    .post(
      '/locks',
      async ({ body, principal, set }) => {
        const lock = await timesheets.createLock(body, principal)
        set.status = 201
        return lock
      },
      {
        body: lockBody,
        parse: 'json',
        response: apiReplies({ 201: lockView }, 400, 409),
        detail: {
          tags,
          summary: 'Lock a period',
          description:
            'Its days never change again, and corrections or manual punches dated in it are refused with 409.',
        },
      },
    )
    .delete('/locks/:id', ({ params, principal }) => timesheets.deleteLock(params.id, principal), {
      params: idParams,
      response: apiReplies({ 200: lockView }, 400, 404, 409),
      detail: { tags, summary: 'Unlock a period (its days are recomputed)' },
    })
}
