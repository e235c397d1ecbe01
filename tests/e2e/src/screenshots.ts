import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import {
  buildConsole,
  ok,
  repoRoot,
  Scenario,
  type ServerHandle,
  type TerminalHandle,
  waitForDevice,
  waitForUsers,
} from './harness'
import { launchBrowser } from './harness/browser'

/**
 * Regenerates the README's screenshots of the console (`bun run screenshots`): a real server, three simulated
 * terminals (two approved, one waiting), a few people and their punches, and the main screens in a browser.
 */

const OUT = join(repoRoot, 'docs', 'screenshots')
const ADMIN = { username: 'admin', password: 'webroster-demo', displayName: 'Marta Ruiz' }
const PEOPLE = [
  { pin: '1001', name: 'Ada Lovelace', card: '3735928559' },
  { pin: '1002', name: 'Alan Turing', card: '305419896' },
  { pin: '1003', name: 'Grace Hopper', card: '2882400018' },
  { pin: '1004', name: 'Edsger Dijkstra', card: '19088743' },
  { pin: '1005', name: 'Lucía Fernández', card: '55500105' },
  { pin: '1006', name: 'Javier Morales', card: '55500106' },
]

const ZONE = 'Europe/Madrid'

/** `YYYY-MM-DD` of the day `back` days before today in the site zone. */
function daysAgo(back: number): string {
  const d = new Date(Date.now() - back * 86_400_000)
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(d)
}

/** A fortnight of office days: a shift, a schedule, a holiday, and punches with the usual late mornings. */
async function fortnight(api: ServerHandle['client']['api'], groupId: number): Promise<void> {
  const shift = await ok(
    api.timesheets.shifts.post({
      name: 'Office day',
      start: '09:00',
      end: '17:30',
      checkInOpensBefore: 120,
      checkInClosesAfter: 240,
      checkOutOpensBefore: 240,
      checkOutClosesAfter: 240,
      graceLateMinutes: 5,
      graceEarlyMinutes: 5,
      breakRule: { kind: 'fixed', minutes: 30 },
      fullDayMinutes: 420,
      halfDayMinutes: 210,
      pairing: 'first-last',
      overtimeAfterEnd: true,
      overtimeBeforeStart: false,
      minimumOvertimeMinutes: 30,
    }),
    'create a shift',
  )
  await ok(
    api.timesheets.schedules.post({
      target: { kind: 'group', group: String(groupId) },
      from: daysAgo(13),
      until: null,
      pattern: {
        kind: 'weekly',
        days: [shift.id, shift.id, shift.id, shift.id, shift.id, null, null],
      },
    }),
    'schedule the group',
  )
  const holiday = daysAgo(6)
  await ok(
    api.timesheets.holidays.post({ date: holiday, name: 'Company day', recurring: false }),
    'a holiday',
  )
  for (let back = 13; back >= 1; back--) {
    const date = daysAgo(back)
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay()
    if (weekday === 0 || weekday === 6 || date === holiday) continue
    for (const [i, p] of PEOPLE.entries()) {
      // A steady pattern with its exceptions: someone late now and then, one day off sick, one forgotten check-out.
      if ((i + back) % 11 === 0) continue
      const late = (i * 7 + back * 3) % 13 === 0 ? 25 : 0
      const inAt = `${date} 0${8 + (late ? 1 : 0)}:${String(late ? late : 40 + ((i + back) % 15)).padStart(2, '0')}:00`
      await ok(
        api.attendance.post({ pin: p.pin, time: inAt, timeZone: ZONE, status: 0 }),
        `in ${p.pin}`,
      )
      if ((i + back) % 9 === 4) continue
      const outAt = `${date} 17:${String(32 + ((i * 5 + back) % 25)).padStart(2, '0')}:00`
      await ok(
        api.attendance.post({ pin: p.pin, time: outAt, timeZone: ZONE, status: 1 }),
        `out ${p.pin}`,
      )
    }
  }
}

async function shoot(page: Page, name: string, path: string, ready: () => Promise<unknown>) {
  await page.goto(path)
  await ready()
  // Let the last queries settle and the new-row highlight fade.
  await page.waitForTimeout(2500)
  await page.screenshot({ path: join(OUT, `${name}.png`) })
  process.stdout.write(`docs/screenshots/${name}.png\n`)
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const scenario = new Scenario()
  const browser = await launchBrowser()
  try {
    const server = await scenario.server({
      database: await scenario.database(),
      admission: 'approve',
      env: { CONSOLE_DIR: buildConsole(), TZ_DEFAULT: 'Europe/Madrid' },
    })
    const terminals: TerminalHandle[] = []
    for (const sn of ['WBIODEV001', 'WBIODEV002', 'WBIODEV003']) {
      terminals.push(
        await scenario.terminal({
          sn,
          serverUrl: server.url,
          config: { duplicateWindowSeconds: 0 },
        }),
      )
    }
    const [lobby, warehouse, spare] = terminals as [TerminalHandle, TerminalHandle, TerminalHandle]
    const api = server.client.api
    await ok(api.setup.post(ADMIN), 'set up the first operator')
    await ok(
      api.operators.post({
        username: 'luis',
        password: 'webroster-demo',
        role: 'manager',
        displayName: 'Luis Ortega',
      }),
      'add a manager',
    )
    const group = await ok(api.groups.post({ name: 'Head office' }), 'create a group')
    for (const [t, name] of [
      [lobby, 'Lobby'],
      [warehouse, 'Warehouse'],
    ] as const) {
      await waitForDevice(server, t.sn)
      await ok(api.devices({ sn: t.sn }).approve.post(), `approve ${t.sn}`)
      await ok(
        api.devices({ sn: t.sn }).patch({ name, timeZone: 'Europe/Madrid', groupIds: [group.id] }),
        `name ${t.sn}`,
      )
    }
    await waitForDevice(server, spare.sn)
    for (const p of PEOPLE) {
      await ok(api.people.post({ ...p, groupIds: [group.id] }), `create person ${p.pin}`)
    }
    await Promise.all([lobby, warehouse].map((t) => waitForUsers(t, PEOPLE.length)))
    for (const [i, p] of PEOPLE.entries()) {
      await (i % 2 ? warehouse : lobby).scan({ card: p.card })
    }
    await fortnight(api, group.id)
    await ok(
      api.attendance.post({
        pin: '1004',
        time: new Date(Date.now() - 3 * 3600_000).toISOString(),
        note: 'forgot the badge',
      }),
      'a manual punch',
    )

    const context = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1360, height: 820 },
      deviceScaleFactor: 1,
    })
    const page = await context.newPage()
    await shoot(page, 'sign-in', server.url, () => page.getByLabel('User name').waitFor())
    await page.getByLabel('User name').fill(ADMIN.username)
    await page.getByLabel('Password').fill(ADMIN.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('● live').waitFor()
    // Two punches while the overview is open: they arrive through the live feed.
    await lobby.scan({ card: PEOPLE[0]?.card ?? '' })
    await warehouse.scan({ card: PEOPLE[1]?.card ?? '' })
    await page.getByTestId('live-feed').waitFor()
    await page.waitForTimeout(2500)
    await page.screenshot({ path: join(OUT, 'overview.png') })
    process.stdout.write('docs/screenshots/overview.png\n')
    await shoot(page, 'terminals', `${server.url}/terminals`, () =>
      page.getByTestId('terminals').waitFor(),
    )
    await shoot(page, 'terminal', `${server.url}/terminals/${lobby.sn}`, () =>
      page.getByTestId('commands').waitFor(),
    )
    await shoot(page, 'people', `${server.url}/people`, () => page.getByTestId('people').waitFor())
    await shoot(page, 'attendance', `${server.url}/attendance`, () =>
      page.getByTestId('attendance').waitFor(),
    )
    await shoot(page, 'timesheets', `${server.url}/timesheets`, () =>
      page.getByTestId('timesheet-grid').waitFor(),
    )
    await shoot(
      page,
      'timesheet-person',
      `${server.url}/timesheets?view=person&pin=1002&month=${daysAgo(7).slice(0, 7)}`,
      () => page.getByTestId('person-month').waitFor(),
    )
    await shoot(page, 'settings', `${server.url}/settings`, () =>
      page.getByTestId('operators').waitFor(),
    )
    await page.getByLabel('Language').selectOption('es')
    await shoot(page, 'overview-es', server.url, () => page.getByText('Marcajes en vivo').waitFor())
    await context.close()
  } finally {
    await browser.close()
    await scenario.close()
  }
}

await main()
