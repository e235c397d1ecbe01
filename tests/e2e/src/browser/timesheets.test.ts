import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildConsole,
  ok,
  type ServerHandle,
  type TerminalHandle,
  useScenario,
  waitForDevice,
  waitForUsers,
} from '../harness'
import { launchBrowser } from '../harness/browser'

const ADMIN = { username: 'olga', password: 'correct horse battery' }
const VIEWER = { username: 'victor', password: 'correct horse battery' }
const PERSON = { pin: '601', name: 'Inés Castro', card: '8800601' }
/** Minutes after the shift's start the corrected check-in is put at (beyond the 5 minutes' grace). */
const LATE_BY = 20

/**
 * A fixed-offset site zone in which it is mid-morning now, so a shift starting in five minutes never crosses
 * midnight whenever the suite runs. (`Etc/GMT-3` is UTC+3: the sign is POSIX's.)
 */
function morningZone(now: Date): string {
  let offset = 10 - now.getUTCHours()
  if (offset < -12) offset += 24
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`
}

/** `YYYY-MM-DD` and `HH:MM` of an instant in a zone. */
function wall(at: Date, zone: string): { date: string; time: string } {
  const text = new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at)
  const [date = '', time = ''] = text.split(' ')
  return { date, time }
}

async function signIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.getByLabel(/User name|Usuario/).fill(who.username)
  await page.getByLabel(/^(Password|Contraseña)$/).fill(who.password)
  await page.getByRole('button', { name: /^(Sign in|Entrar)$/ }).click()
}

describe('timesheets and people in the console, against a real server and a simulated terminal', () => {
  const scenario = useScenario()
  const now = new Date()
  const zone = morningZone(now)
  const today = wall(now, zone).date
  const start = wall(new Date(now.getTime() + 5 * 60_000), zone).time
  const lateTime = wall(new Date(now.getTime() + (5 + LATE_BY) * 60_000), zone).time
  let server: ServerHandle
  let terminal: TerminalHandle
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    const consoleDir = buildConsole()
    const database = await scenario.database()
    ;[server, browser] = await Promise.all([
      scenario.server({
        database,
        admission: 'approve',
        env: { CONSOLE_DIR: consoleDir, TZ_DEFAULT: zone },
      }),
      launchBrowser(),
    ])
    terminal = await scenario.terminal({
      sn: 'E2ETS1',
      serverUrl: server.url,
      config: { duplicateWindowSeconds: 0 },
    })
    const api = server.client.api
    await ok(api.setup.post(ADMIN), 'set up the first operator')
    await ok(api.operators.post({ ...VIEWER, role: 'viewer' }), 'add the viewer')
    await waitForDevice(server, terminal.sn)
    await ok(api.devices({ sn: terminal.sn }).approve.post(), 'approve the terminal')
    const group = await ok(api.groups.post({ name: 'Floor' }), 'create a group')
    await ok(api.devices({ sn: terminal.sn }).patch({ groupIds: [group.id] }), 'group the terminal')
    await ok(api.people.post({ ...PERSON, groupIds: [group.id] }), 'add the person')
    const shift = await ok(
      api.timesheets.shifts.post({
        name: 'Morning',
        start,
        end: wall(new Date(now.getTime() + 5 * 60_000 + 8 * 3600_000), zone).time,
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
    const every = Array.from({ length: 7 }, () => shift.id)
    await ok(
      api.timesheets.schedules.post({
        target: { kind: 'person', pin: PERSON.pin },
        from: today,
        until: null,
        pattern: { kind: 'weekly', days: every },
      }),
      'schedule the person',
    )
    await waitForUsers(terminal, 1)
    page = await (await browser.newContext({ locale: 'en-GB' })).newPage()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('corrects a punch in the console and shows the late minutes change in the timesheet', async () => {
    expect((await terminal.scan({ card: PERSON.card })).outcome).toBe('accepted')
    await page.goto(server.url)
    await signIn(page, ADMIN)
    await page.getByRole('navigation').getByRole('link', { name: 'Timesheets' }).click()
    const row = page.getByTestId('timesheet-grid').locator(`tr[data-pin="${PERSON.pin}"]`)
    await row.locator(`td[data-date="${today}"]`).waitFor()
    await row.getByRole('button', { name: `#${PERSON.pin}` }).click()
    const day = page.getByTestId('person-month').locator(`tr[data-date="${today}"]`)
    await expect.poll(() => day.getByTestId('late').textContent()).toBe('0')
    await day.getByRole('button').first().click()
    await page.getByTestId('day-punches').getByRole('button', { name: 'Correct' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('New time').fill(`${today}T${lateTime}:00`)
    await dialog.getByLabel('Reason').fill('badge left at home, arrived later')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    // No reload: the screen re-reads the day once the worker has recomputed it.
    await expect
      .poll(() => day.getByTestId('late').textContent(), { timeout: 5000 })
      .toBe(String(LATE_BY))
    await page.getByRole('tab', { name: 'Exceptions' }).click()
    await page
      .getByTestId('exceptions')
      .getByRole('row', { name: /late arrival/ })
      .waitFor()
  })

  it('shows the server’s refusal when a correction falls in a locked period', async () => {
    const lock = await ok(
      server.client.api.timesheets.locks.post({ from: today, to: today, note: 'payroll sent' }),
      'lock today',
    )
    await page.getByRole('tab', { name: 'Person’s month' }).click()
    const day = page.getByTestId('person-month').locator(`tr[data-date="${today}"]`)
    await day.getByRole('button').first().click()
    await page.getByTestId('day-punches').getByRole('button', { name: 'Correct' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Reason').fill('one more change')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.getByRole('alert').getByText(/lock/i).waitFor()
    await page.keyboard.press('Escape')
    await ok(server.client.api.timesheets.locks({ id: lock.id }).delete(), 'unlock today')
  })

  it('shows a viewer the rules with no way to change them', async () => {
    const context = await browser.newContext({ locale: 'en-US' })
    const viewer = await context.newPage()
    await viewer.goto(`${server.url}/timesheets/rules`)
    await signIn(viewer, VIEWER)
    await viewer.getByTestId('shifts').getByText('Morning').waitFor()
    await viewer.getByTestId('schedules').getByText(`#${PERSON.pin}`).waitFor()
    for (const name of ['Add shift', 'Add schedule', 'Edit', 'Delete', 'Lock', 'Add']) {
      expect(await viewer.getByRole('button', { name, exact: true }).count()).toBe(0)
    }
    await context.close()
  })

  it('shows the terminals that have a person, with the delivery state', async () => {
    await page.goto(`${server.url}/people/${PERSON.pin}`)
    const row = page.getByTestId('person-terminals').locator(`tr[data-sn="${terminal.sn}"]`)
    await row.getByText('delivered').waitFor()
  })

  it('checks a people CSV with a dry run, reports the bad rows, then applies the good ones', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click()
    await page.getByRole('button', { name: 'Import CSV' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.locator('input[type=file]').setInputFiles({
      name: 'staff.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('pin,name,card\n602,Nora Vidal,\n603,Bad Card,12ab\n'),
    })
    await dialog.getByRole('button', { name: 'Check (dry run)' }).click()
    const report = dialog.getByTestId('import-report')
    await report.getByText('would create 1').waitFor()
    await report.getByRole('row', { name: /3\s+603\s+card/ }).waitFor()
    expect(
      (await ok(server.client.api.people.get({ query: { q: 'Nora' } }), 'people')).items,
    ).toEqual([])
    await dialog.getByRole('button', { name: 'Apply import' }).click()
    await report.getByText(/imported: 1 created/).waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('people').getByRole('link', { name: 'Nora Vidal' }).waitFor()
  })

  it("lists today's exceptions on the overview", async () => {
    const context = await browser.newContext({ locale: 'en-GB' })
    const overview = await context.newPage()
    await overview.goto(server.url)
    await signIn(overview, ADMIN)
    await overview
      .getByTestId('exceptions-today')
      .getByRole('row', { name: new RegExp(`#${PERSON.pin}.*late arrival`) })
      .waitFor()
    await context.close()
  })

  it('renders the timesheets in Spanish', async () => {
    const context = await browser.newContext({ locale: 'es-ES' })
    const spanish = await context.newPage()
    await spanish.goto(`${server.url}/timesheets?view=person&pin=${PERSON.pin}`)
    await signIn(spanish, ADMIN)
    await spanish.getByRole('heading', { name: 'Jornadas' }).waitFor()
    await spanish.getByRole('tab', { name: 'Cuadrícula diaria' }).waitFor()
    const table = spanish.getByTestId('person-month')
    await table.getByRole('columnheader', { name: 'Retraso (min)' }).waitFor()
    await table.getByText('llegada tarde').waitFor()
    await spanish.getByRole('link', { name: 'Exportar Excel' }).waitFor()
    await context.close()
  })
})
