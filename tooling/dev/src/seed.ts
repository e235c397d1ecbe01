import { type DemoTerminal, demoGroup, demoOperator, demoPeople } from './demo-data'

/** A tiny client of the management API. */
export function apiClient(baseUrl: string, token: string) {
  return async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`)
    return (text ? JSON.parse(text) : undefined) as T
  }
}

type Api = ReturnType<typeof apiClient>

async function waitForDevices(api: Api, sns: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const devices: Array<{ sn: string }> = []
    let cursor: string | null = ''
    while (cursor !== null) {
      const page: { items: Array<{ sn: string }>; nextCursor: string | null } = await api(
        'GET',
        `/api/devices?limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
      )
      devices.push(...page.items)
      cursor = page.nextCursor
    }
    if (sns.every((sn) => devices.some((d) => d.sn === sn))) return
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`terminals ${sns.join(', ')} did not reach the server in time`)
}

/**
 * Seeds the demo: one group holding both terminals and the demo people (queued to both terminals),
 * then fingerprints enrolled on the first terminal (fanned out by the server to the second).
 * Idempotent: a second run finds what the first made.
 */
export async function seedDemo(api: Api, terminals: DemoTerminal[]): Promise<void> {
  await waitForDevices(
    api,
    terminals.map((t) => t.sn),
    60_000,
  )
  const groups = await api<Array<{ id: number; name: string }>>('GET', '/api/groups')
  const group =
    groups.find((g) => g.name === demoGroup) ??
    (await api<{ id: number; name: string }>('POST', '/api/groups', { name: demoGroup }))
  for (const t of terminals) {
    await api('PATCH', `/api/devices/${t.sn}`, { groupIds: [group.id] })
  }
  for (const p of demoPeople) {
    const existing = await fetchPerson(api, p.pin)
    const body = { name: p.name, card: p.card, groupIds: [group.id] }
    if (existing) await api('PATCH', `/api/people/${p.pin}`, body)
    else await api('POST', '/api/people', { pin: p.pin, ...body })
  }
  await seedTimesheet(api, group.id)
  await ensureOperator(api)
  const first = terminals[0]
  if (!first) return
  for (const p of demoPeople.filter((d) => d.finger)) {
    await fetch(`http://127.0.0.1:${first.controlPort}/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: p.pin, finger: 0 }),
    })
  }
}

async function fetchPerson(api: Api, pin: string): Promise<unknown> {
  try {
    return await api('GET', `/api/people/${pin}`)
  } catch {
    return undefined
  }
}

/** The demo's office hours: 09:00-17:00 with a half-hour break and five minutes' grace. */
const demoShift = {
  name: 'Office day',
  start: '09:00',
  end: '17:00',
  checkInOpensBefore: 60,
  checkInClosesAfter: 240,
  checkOutOpensBefore: 240,
  checkOutClosesAfter: 120,
  graceLateMinutes: 5,
  graceEarlyMinutes: 5,
  breakRule: { kind: 'fixed', minutes: 30 },
  fullDayMinutes: 420,
  halfDayMinutes: 210,
  pairing: 'first-last',
  overtimeAfterEnd: true,
  overtimeBeforeStart: false,
  minimumOvertimeMinutes: 15,
}

/** This moment `n` days ago. */
function daysAgo(n: number): Date {
  const d = new Date()
  d.setDate(d.getDate() - n)
  return d
}

function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/**
 * A shift, a weekday schedule for the demo group from the start of last month, and a few manual punches on the last
 * weekdays (one of them late, one without a check-out), so the timesheet shows present, late and missing days.
 */
async function seedTimesheet(api: Api, groupId: number): Promise<void> {
  const shifts = await api<Array<{ id: number; name: string }>>('GET', '/api/timesheets/shifts')
  const shift =
    shifts.find((s) => s.name === demoShift.name) ??
    (await api<{ id: number }>('POST', '/api/timesheets/shifts', demoShift))
  const schedules = await api<Array<{ target: { kind: string; group?: string } }>>(
    'GET',
    '/api/timesheets/schedules',
  )
  if (!schedules.some((s) => s.target.kind === 'group' && s.target.group === String(groupId))) {
    const start = new Date()
    start.setDate(1)
    start.setMonth(start.getMonth() - 1)
    await api('POST', '/api/timesheets/schedules', {
      target: { kind: 'group', group: String(groupId) },
      from: localDate(start),
      until: null,
      pattern: {
        kind: 'weekly',
        days: [shift.id, shift.id, shift.id, shift.id, shift.id, null, null],
      },
    })
  }
  const weekdays = [1, 2, 3, 4, 5, 6, 7, 8]
    .map(daysAgo)
    .filter((d) => d.getDay() !== 0 && d.getDay() !== 6)
    .slice(0, 3)
  const [first, second] = demoPeople
  for (const [i, day] of weekdays.entries()) {
    const date = localDate(day)
    for (const p of [first, second]) {
      if (!p) continue
      const late = p === second && i === 0
      // Manual punches are idempotent on (person, time, state): a second seed adds nothing.
      await api('POST', '/api/attendance', {
        pin: p.pin,
        time: `${date} ${late ? '09:25:00' : '08:55:00'}`,
        status: 0,
        note: 'demo',
      })
      if (p === first && i === 1) continue
      await api('POST', '/api/attendance', {
        pin: p.pin,
        time: `${date} 17:10:00`,
        status: 1,
        note: 'demo',
      })
    }
  }
}

/** The demo administrator, unless an administrator exists already (setup answers 409 then). */
async function ensureOperator(api: Api): Promise<void> {
  try {
    await api('POST', '/api/setup', demoOperator)
  } catch (e) {
    if (!(e instanceof Error && e.message.includes('HTTP 409'))) throw e
  }
}
