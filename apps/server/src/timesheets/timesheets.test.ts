import { asc } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { people, timesheetDays, timesheetQueue } from '../db/schema'
import { silentLogger } from '../logger'
import { call } from '../testing/api-fixtures'
import { addOperator, signIn } from '../testing/operator-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'
import { DAY_SHIFT } from '../testing/timesheet-fixtures'
import { enqueueRange } from './recompute-queue'
import { createTimesheetWorker } from './worker'

const SN = 'TS0001'
const ZONE = 'Europe/Madrid'
/** Wednesday 2025-01-22, noon in Madrid: the days before it are in the past. */
const NOW = new Date('2025-01-22T11:00:00Z')

interface Day {
  pin: string
  date: string
  status: string
  lateMinutes: number
  workedMinutes: number
  revision: number
  shiftId: number | null
  firstIn: string | null
  punchIds: number[]
}

describe.each(testDbKinds())('timesheets on %s', { timeout: 60_000 }, (kind) => {
  let server: TestServer
  let shiftId: number
  beforeEach(async () => {
    server = await createTestServer(kind, { defaultTimeZone: ZONE }, () => NOW)
    await server.services.db.insert(people).values([
      { pin: '1', name: 'Ana' },
      { pin: '2', name: 'Bo' },
    ])
    const shift = await call(server, 'POST', '/api/timesheets/shifts', DAY_SHIFT)
    expect(shift.status).toBe(201)
    shiftId = ((await shift.json()) as { id: number }).id
    const schedule = await call(server, 'POST', '/api/timesheets/schedules', {
      target: { kind: 'everyone' },
      from: '2025-01-01',
      until: null,
      pattern: { kind: 'weekly', days: [shiftId, shiftId, shiftId, shiftId, shiftId, null, null] },
    })
    expect(schedule.status).toBe(201)
    // Creating the schedule queued everyone's days since the 1st: compute them, then start from a quiet queue.
    await server.services.timesheetWorker.runOnce()
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })

  const attlog = (lines: string[]) =>
    server.request(`/iclock/cdata?SN=${SN}&table=ATTLOG&Stamp=1`, {
      method: 'POST',
      body: lines.join('\n'),
    })
  const days = async (query: string) => {
    const res = await call(server, 'GET', `/api/timesheets?${query}`)
    expect(res.status).toBe(200)
    return ((await res.json()) as { items: Day[] }).items
  }
  const day = async (pin: string, date: string) =>
    (await days(`from=${date}&to=${date}&pin=${pin}`))[0]
  const queued = () => server.services.db.select().from(timesheetQueue)

  it('a late punch recomputes its day: present, late by the minutes past grace', async () => {
    expect(await day('1', '2025-01-20')).toMatchObject({ status: 'absent' })
    const res = await attlog(['1\t2025-01-20 09:20:00\t0\t1\t0', '1\t2025-01-20 17:05:00\t1\t1\t0'])
    expect(await res.text()).toBe('OK:2')
    expect((await queued()).length).toBeGreaterThan(0)
    const pass = await server.services.timesheetWorker.runOnce()
    expect(pass.changed).toBeGreaterThanOrEqual(1)
    expect(await queued()).toEqual([])
    expect(await day('1', '2025-01-20')).toMatchObject({
      status: 'present',
      shiftId,
      lateMinutes: 20,
      revision: 2,
    })
  })

  it('a punch today never stores tomorrow, a day that has not begun, as an absence', async () => {
    expect(await (await attlog(['1\t2025-01-22 09:02:00\t0\t1\t0'])).text()).toBe('OK:1')
    await server.services.timesheetWorker.runOnce()
    expect(await day('1', '2025-01-22')).toMatchObject({ status: 'missing-check-out' })
    expect(await day('1', '2025-01-23')).toBeUndefined()
  })

  it('a backlog of three days recomputes those days, and re-processing it writes nothing', async () => {
    const lines = ['2025-01-15', '2025-01-16', '2025-01-17'].flatMap((d) => [
      `2\t${d} 08:55:00\t0\t1\t0`,
      `2\t${d} 17:02:00\t1\t1\t0`,
    ])
    expect(await (await attlog(lines)).text()).toBe('OK:6')
    await server.services.timesheetWorker.runOnce()
    const stored = await days('from=2025-01-15&to=2025-01-17&pin=2')
    expect(stored.map((d) => [d.date, d.status, d.punchIds.length])).toEqual([
      ['2025-01-15', 'present', 2],
      ['2025-01-16', 'present', 2],
      ['2025-01-17', 'present', 2],
    ])
    const before = await server.services.db
      .select()
      .from(timesheetDays)
      .orderBy(asc(timesheetDays.pin), asc(timesheetDays.date))
    // The terminal re-sends the same batch: its days are queued again and computed to the same records.
    expect(await (await attlog(lines)).text()).toBe('OK:6')
    expect((await queued()).length).toBeGreaterThan(0)
    const again = await server.services.timesheetWorker.runOnce()
    expect(again.days).toBeGreaterThan(0)
    expect(again.changed).toBe(0)
    const after = await server.services.db
      .select()
      .from(timesheetDays)
      .orderBy(asc(timesheetDays.pin), asc(timesheetDays.date))
    expect(after).toEqual(before)
  })

  it('a locked period refuses corrections and manual punches with 409, and its days do not change', async () => {
    expect(await (await attlog(['1\t2025-01-14 09:00:00\t0\t1\t0'])).text()).toBe('OK:1')
    await server.services.timesheetWorker.runOnce()
    const before = await day('1', '2025-01-14')
    expect(before).toMatchObject({ status: 'missing-check-out' })
    const lock = await call(server, 'POST', '/api/timesheets/locks', {
      from: '2025-01-01',
      to: '2025-01-15',
    })
    expect(lock.status).toBe(201)
    const punchId = before?.punchIds[0]
    const correction = await call(server, 'POST', `/api/attendance/${punchId}/corrections`, {
      action: 'void',
      reason: 'mistake',
    })
    expect(correction.status).toBe(409)
    expect(((await correction.json()) as { message: string }).message).toMatch(
      /2025-01-14 is in the period 2025-01-01 to 2025-01-15, locked by admin/,
    )
    const manual = await call(server, 'POST', '/api/attendance', {
      pin: '1',
      time: '2025-01-14 17:00:00',
      status: 1,
    })
    expect(manual.status).toBe(409)
    // A punch still arriving from a terminal for the locked day is stored, but the day stays as paid.
    expect(await (await attlog(['1\t2025-01-14 17:00:00\t1\t1\t0'])).text()).toBe('OK:1')
    await server.services.timesheetWorker.runOnce()
    expect(await day('1', '2025-01-14')).toEqual(before)
    // Editing the schedule recomputes nothing inside the lock either.
    const edit = await call(server, 'PUT', '/api/timesheets/schedules/1', {
      target: { kind: 'everyone' },
      from: '2025-01-01',
      until: null,
      pattern: { kind: 'weekly', days: [null, null, null, null, null, null, null] },
    })
    expect(edit.status).toBe(200)
    await server.services.timesheetWorker.runOnce()
    expect(await day('1', '2025-01-14')).toEqual(before)
    expect(await day('1', '2025-01-16')).toMatchObject({ status: 'day-off' })
  })

  it('recomputes a day when its punches are re-read in the zone set on their terminal', async () => {
    await attlog(['1\t2025-01-20 09:00:00\t0\t1\t0', '1\t2025-01-20 17:00:00\t1\t1\t0'])
    await server.services.timesheetWorker.runOnce()
    expect(await day('1', '2025-01-20')).toMatchObject({
      status: 'present',
      firstIn: '2025-01-20T08:00:00.000Z',
    })
    // The terminal is in Lisbon, an hour behind Madrid: its punches move an hour on, and the day is counted in
    // Lisbon's calendar, where 09:00 is on time.
    const res = await call(server, 'PATCH', `/api/devices/${SN}`, { timeZone: 'Europe/Lisbon' })
    expect(res.status).toBe(200)
    await server.services.timesheetWorker.runOnce()
    expect(await day('1', '2025-01-20')).toMatchObject({
      lateMinutes: 0,
      firstIn: '2025-01-20T09:00:00.000Z',
      revision: 3,
    })
  })

  it('two workers draining one queue compute every person-day exactly once', async () => {
    const pins = Array.from({ length: 60 }, (_, i) => String(100 + i))
    await server.services.db.insert(people).values(pins.map((pin) => ({ pin, name: pin })))
    await enqueueRange(server.services.db, pins, '2025-01-01', '2025-01-21')
    const make = () =>
      createTimesheetWorker({
        db: server.services.db,
        log: silentLogger,
        now: () => NOW,
        defaultZone: ZONE,
        intervalMs: 1000,
        claimRows: 7,
      })
    const [a, b] = await Promise.all([make().runOnce(), make().runOnce()])
    expect(a.days + b.days).toBe(60 * 21)
    if (kind === 'postgres') expect(Math.min(a.claims, b.claims)).toBeGreaterThan(0)
    expect(await queued()).toEqual([])
    const stored = await days('from=2025-01-01&to=2025-01-21&pin=130')
    expect(stored).toHaveLength(21)
  })

  it('a schedule edit recomputes the days from its first day on, and no days before it', async () => {
    expect(await day('2', '2025-01-13')).toMatchObject({ status: 'absent', revision: 1 })
    const res = await call(server, 'POST', '/api/timesheets/schedules', {
      target: { kind: 'person', pin: '2' },
      from: '2025-01-20',
      until: null,
      pattern: { kind: 'weekly', days: [null, null, null, null, null, null, null] },
    })
    expect(res.status).toBe(201)
    await server.services.timesheetWorker.runOnce()
    expect(await day('2', '2025-01-13')).toMatchObject({ status: 'absent', revision: 1 })
    expect(await day('2', '2025-01-20')).toMatchObject({ status: 'day-off', revision: 2 })
    expect(await day('2', '2025-01-22')).toMatchObject({ status: 'day-off' })
    expect(await day('1', '2025-01-20')).toMatchObject({ status: 'absent', revision: 1 })
    expect(await day('2', '2025-01-23')).toBeUndefined()
  })

  it('answers CSV, XLSX, a month summary and the exceptions', async () => {
    await attlog(['1\t2025-01-20 09:20:00\t0\t1\t0'])
    await server.services.timesheetWorker.runOnce()
    const csv = await call(
      server,
      'GET',
      '/api/timesheets?from=2025-01-20&to=2025-01-21&format=csv',
    )
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines[0]).toBe(
      'pin,date,shift_id,status,first_in,last_out,worked_minutes,break_minutes,late_minutes,early_leave_minutes,overtime_minutes,exceptions',
    )
    expect(lines).toHaveLength(5)
    expect(lines[1]).toMatch(/^1,2025-01-20,\d+,missing-check-out,2025-01-20T08:20:00.000Z,,/)
    const xlsx = await call(
      server,
      'GET',
      '/api/timesheets?from=2025-01-20&to=2025-01-21&format=xlsx',
    )
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await xlsx.arrayBuffer())
    const sheet = book.worksheets[0]
    expect(sheet?.rowCount).toBe(5)
    expect(sheet?.getRow(2).values).toEqual(
      expect.arrayContaining(['1', '2025-01-20', 'missing-check-out']),
    )
    const summary = await call(server, 'GET', '/api/timesheets/summary?month=2025-01&pin=1')
    expect(summary.status).toBe(200)
    const [totals] = ((await summary.json()) as { items: Array<Record<string, number>> }).items
    expect(totals).toMatchObject({ pin: '1', month: '2025-01', lateCount: 1, lateMinutes: 20 })
    const exceptions = await call(
      server,
      'GET',
      '/api/timesheets/exceptions?from=2025-01-20&to=2025-01-20&pin=1',
    )
    const items = ((await exceptions.json()) as { items: Array<{ kind: string }> }).items
    expect(items.map((e) => e.kind).sort()).toEqual(['late-arrival', 'missing-check-out'])
  })

  it('lets an attendance manager change the rules, a viewer only read them, and audits each change', async () => {
    await addOperator(server, 'manager', 'manager')
    await addOperator(server, 'viewer', 'viewer')
    const manager = await signIn(server, 'manager')
    const viewer = await signIn(server, 'viewer')
    const holiday = { date: '2025-01-06', name: 'Epiphany', recurring: true }
    const byViewer = await viewer.request('/api/timesheets/holidays', {
      method: 'POST',
      body: JSON.stringify(holiday),
    })
    expect(byViewer.status).toBe(403)
    expect((await viewer.request('/api/timesheets/shifts')).status).toBe(200)
    expect((await viewer.request('/api/timesheets?from=2025-01-01&to=2025-01-31')).status).toBe(200)
    const byManager = await manager.request('/api/timesheets/holidays', {
      method: 'POST',
      body: JSON.stringify(holiday),
    })
    expect(byManager.status).toBe(201)
    await server.services.timesheetWorker.runOnce()
    expect(await day('1', '2025-01-06')).toMatchObject({ status: 'holiday' })
    const audit = await call(server, 'GET', '/api/audit?entity=holiday')
    const entries = ((await audit.json()) as { items: Array<Record<string, unknown>> }).items
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ actor: 'operator:manager', action: 'holiday.create' })
  })

  it('lists every timesheet route in the OpenAPI document with a response schema and a tag', async () => {
    const doc = (await (
      await server.app.handle(new Request('http://localhost/api/openapi.json'))
    ).json()) as {
      paths: Record<
        string,
        Record<string, { tags?: string[]; responses?: Record<string, { content?: unknown }> }>
      >
    }
    const routes = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/timesheets'))
      .map(([p, m]) => [p.replace(/(.)\/$/, '$1'), m] as const)
    expect(routes.map(([p]) => p).sort()).toEqual([
      '/api/timesheets',
      '/api/timesheets/exceptions',
      '/api/timesheets/holidays',
      '/api/timesheets/holidays/{id}',
      '/api/timesheets/locks',
      '/api/timesheets/locks/{id}',
      '/api/timesheets/schedules',
      '/api/timesheets/schedules/{id}',
      '/api/timesheets/shifts',
      '/api/timesheets/shifts/{id}',
      '/api/timesheets/summary',
    ])
    for (const [path, methods] of routes) {
      for (const [method, op] of Object.entries(methods)) {
        expect(op.tags, `${method} ${path}`).toEqual(['timesheets'])
        const ok = op.responses?.['200'] ?? op.responses?.['201']
        expect(ok?.content, `${method} ${path}`).toBeDefined()
      }
    }
  })
})
