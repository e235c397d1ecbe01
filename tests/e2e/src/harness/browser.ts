import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'

/** Debian's Chromium: `playwright-core` downloads no browser, and nothing could be downloaded here anyway. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Headless Chromium that reaches out to nobody on its own (no updates, sync or background requests). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`browser tests need Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`)
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** Every request a page made, and the uncaught errors it threw. */
export interface PageTraffic {
  requests: string[]
  errors: string[]
}

/**
 * Records what a page does and answers every request for another origin with a network error, as an office LAN
 * without internet would: a page that works here needs nothing from outside.
 */
export async function offlineExcept(page: Page, origin: string): Promise<PageTraffic> {
  const traffic: PageTraffic = { requests: [], errors: [] }
  page.on('pageerror', (error) => traffic.errors.push(error.message))
  await page.route('**/*', async (route) => {
    const url = route.request().url()
    traffic.requests.push(url)
    if (new URL(url).origin === origin) await route.continue()
    else await route.abort('internetdisconnected')
  })
  return traffic
}
