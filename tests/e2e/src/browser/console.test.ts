import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildConsole,
  ok,
  type ServerHandle,
  type TerminalHandle,
  useScenario,
  waitFor,
  waitForDevice,
  waitForUsers,
} from '../harness'
import { launchBrowser, offlineExcept, type PageTraffic } from '../harness/browser'

const ADMIN = { username: 'olga', password: 'correct horse battery' }
const VIEWER = { username: 'victor', password: 'correct horse battery' }
const PERSON = { pin: '501', name: 'Rosa Díaz', card: '8800501' }

async function signIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.getByLabel(/User name|Usuario/).fill(who.username)
  await page.getByLabel(/^(Password|Contraseña)$/).fill(who.password)
  await page.getByRole('button', { name: /^(Sign in|Entrar)$/ }).click()
}

describe('the console in a browser, against a real server and two simulated terminals', () => {
  const scenario = useScenario()
  let server: ServerHandle
  let terminals: TerminalHandle[]
  let browser: Browser
  let admin: BrowserContext
  let page: Page
  let traffic: PageTraffic

  beforeAll(async () => {
    const consoleDir = buildConsole()
    const database = await scenario.database()
    ;[server, browser] = await Promise.all([
      scenario.server({
        database,
        admission: 'approve',
        env: { CONSOLE_DIR: consoleDir, TZ_DEFAULT: 'Europe/Madrid' },
      }),
      launchBrowser(),
    ])
    terminals = await Promise.all(
      ['E2ECON1', 'E2ECON2'].map((sn) =>
        scenario.terminal({ sn, serverUrl: server.url, config: { duplicateWindowSeconds: 0 } }),
      ),
    )
    await ok(server.client.api.setup.post(ADMIN), 'set up the first operator')
    await ok(server.client.api.operators.post({ ...VIEWER, role: 'viewer' }), 'add the viewer')
    admin = await browser.newContext({ locale: 'en-GB', viewport: { width: 1360, height: 900 } })
    page = await admin.newPage()
    traffic = await offlineExcept(page, server.url)
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('signs in and opens on the overview, with nothing fetched from outside the server', async () => {
    await page.goto(server.url)
    await signIn(page, ADMIN)
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    await page.getByText('● live').waitFor()
    expect(traffic.requests.filter((url) => new URL(url).origin !== server.url)).toEqual([])
    expect(traffic.errors).toEqual([])
  })

  it('approves a pending terminal from its page', async () => {
    const [first, second] = terminals as [TerminalHandle, TerminalHandle]
    await waitForDevice(server, first.sn)
    await page.getByRole('link', { name: 'Terminals' }).click()
    const row = page.getByTestId('terminals').getByRole('row', { name: new RegExp(first.sn) })
    await row.getByText('pending').waitFor()
    await row.getByRole('link', { name: first.sn }).click()
    await page.getByRole('button', { name: 'Approve' }).click()
    await page.getByRole('button', { name: 'Reboot' }).waitFor()
    expect(
      await ok(server.client.api.devices({ sn: first.sn }).get(), `device ${first.sn}`),
    ).toMatchObject({ status: 'approved' })
    await waitForDevice(server, second.sn)
    await ok(server.client.api.devices({ sn: second.sn }).approve.post(), `approve ${second.sn}`)
    const group = await ok(server.client.api.groups.post({ name: 'Front desk' }), 'create a group')
    for (const t of terminals) {
      await ok(
        server.client.api.devices({ sn: t.sn }).patch({ groupIds: [group.id] }),
        `put ${t.sn} in the group`,
      )
    }
  })

  it('adds a person with a card, who reaches both terminals', async () => {
    // A fresh load: the group was made through the API after the console had read the groups.
    await page.goto(`${server.url}/people`)
    await page.getByRole('button', { name: 'Add person' }).click()
    await page.getByLabel('PIN').fill(PERSON.pin)
    await page.getByLabel('Name').fill(PERSON.name)
    await page.getByLabel('Card').fill(PERSON.card)
    await page.getByLabel('Front desk').check()
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.getByTestId('reach').textContent()).toBe('Reaches 2 terminal(s).')
    await Promise.all(terminals.map((t) => waitForUsers(t, 1)))
    await page.getByRole('link', { name: 'People' }).click()
    await page.getByTestId('people').getByRole('link', { name: PERSON.name }).waitFor()
  })

  it('shows a card scanned on a terminal in the live feed within a second, without reloading', async () => {
    await page.getByRole('link', { name: 'Overview' }).click()
    await page.getByText('● live').waitFor()
    const navigations: string[] = []
    page.on('framenavigated', (frame) => navigations.push(frame.url()))
    const feedRow = page
      .getByTestId('live-feed')
      .getByRole('row', { name: new RegExp(PERSON.name) })
    expect(await feedRow.count()).toBe(0)
    const scanned = Date.now()
    const outcome = await (terminals[0] as TerminalHandle).scan({ card: PERSON.card })
    expect(outcome.outcome).toBe('accepted')
    await feedRow.first().waitFor({ timeout: 5000 })
    const elapsed = Date.now() - scanned
    expect(elapsed).toBeLessThan(1000)
    expect(navigations).toEqual([])
    await expect.poll(() => page.getByTestId('stat-today').textContent()).toContain('1')
  })

  it('corrects a punch with a reason, and shows the history', async () => {
    await page.getByRole('link', { name: 'Attendance' }).click()
    const row = page.getByTestId('attendance').getByRole('row', { name: new RegExp(PERSON.name) })
    await row.getByRole('button', { name: 'Correct' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('State').selectOption({ label: 'check-out' })
    await dialog.getByLabel('Reason').fill('pressed the wrong key')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await row.getByText('correction').waitFor()
    await row.getByText('check-out').waitFor()
    await row.getByRole('button', { name: 'History' }).click()
    const history = page.getByTestId('history')
    await history.getByText(/pressed the wrong key/).waitFor()
    expect(await history.locator('li').count()).toBe(2)
    await page.keyboard.press('Escape')
    await history.waitFor({ state: 'detached' })
    const listed = await ok(
      server.client.api.attendance.get({ query: { pin: PERSON.pin } }),
      `punches of ${PERSON.pin}`,
    )
    expect(listed.items.map((p) => [p.state, p.source])).toEqual([['check-out', 'correction']])
  })

  it('shows a viewer no way to change anything', async () => {
    const context = await browser.newContext({ locale: 'en-US' })
    const viewer = await context.newPage()
    await viewer.goto(server.url)
    await signIn(viewer, VIEWER)
    await viewer.getByRole('heading', { name: 'Overview' }).waitFor()
    const nav = viewer.getByRole('navigation')
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Overview',
      'People',
      'Attendance',
      'Timesheets',
    ])
    await nav.getByRole('link', { name: 'People' }).click()
    await viewer.getByTestId('people').getByRole('link', { name: PERSON.name }).click()
    await viewer.getByLabel('Name').waitFor()
    expect(await viewer.getByLabel('Name').isDisabled()).toBe(true)
    expect(await viewer.getByRole('button', { name: 'Save' }).count()).toBe(0)
    expect(await viewer.getByRole('button', { name: 'Delete' }).count()).toBe(0)
    await nav.getByRole('link', { name: 'Attendance' }).click()
    await viewer.getByTestId('attendance').getByText(PERSON.name).first().waitFor()
    expect(await viewer.getByRole('button', { name: 'Correct' }).count()).toBe(0)
    expect(await viewer.getByRole('button', { name: 'Manual punch' }).count()).toBe(0)
    await context.close()
  })

  it('renders in Spanish for a Spanish browser, and switches language', async () => {
    const context = await browser.newContext({ locale: 'es-MX' })
    const spanish = await context.newPage()
    await spanish.goto(server.url)
    await spanish.getByRole('heading', { name: 'Iniciar sesión' }).waitFor()
    await signIn(spanish, ADMIN)
    await spanish.getByRole('heading', { name: 'Resumen' }).waitFor()
    await spanish.getByText('Marcajes de hoy').waitFor()
    expect(await spanish.getByRole('navigation').getByRole('link').allTextContents()).toContain(
      'Personas',
    )
    await spanish.getByLabel('Idioma').selectOption('en')
    await spanish.getByRole('heading', { name: 'Overview' }).waitFor()
    await context.close()
  })

  it('keeps a signed-out browser out, back on the sign-in page', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await page.goto(`${server.url}/attendance`)
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await waitFor('the session ended on the server', async () => {
      const res = await page.request.get(`${server.url}/api/session`)
      return res.status() === 401
    })
  })
})
