import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServerHandle, useScenario } from '../harness'
import { launchBrowser, offlineExcept } from '../harness/browser'

interface OpenApiDocument {
  paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>
}

/** The first summary of each tag, in the document's order (the page's order). */
function summaryPerTag(doc: OpenApiDocument): Array<{ tag: string; summary: string }> {
  const found = new Map<string, string>()
  for (const methods of Object.values(doc.paths)) {
    for (const op of Object.values(methods)) {
      const tag = op.tags?.[0]
      if (tag && op.summary && !found.has(tag)) found.set(tag, op.summary)
    }
  }
  return [...found].map(([tag, summary]) => ({ tag, summary }))
}

describe('the API docs page in a browser', () => {
  const scenario = useScenario()
  let server: ServerHandle
  let browser: Browser

  beforeAll(async () => {
    const database = await scenario.database()
    ;[server, browser] = await Promise.all([scenario.server({ database }), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('renders the operations with nothing fetched from outside the server', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApiDocument
    const tags = summaryPerTag(doc)
    expect(tags.length).toBeGreaterThan(3)
    const [first, ...others] = tags as [{ tag: string; summary: string }]

    const page = await browser.newPage()
    const traffic = await offlineExcept(page, server.url)
    await page.goto(`${server.url}/api/docs`)
    // The first group is open; the others open from the sidebar.
    await page.getByText(first.summary, { exact: true }).first().waitFor()
    for (const { tag, summary } of others.slice(0, 2)) {
      await page.getByRole('button', { name: `Open Group - ${tag}` }).click()
      await page.getByText(summary, { exact: true }).first().waitFor()
    }
    expect(await page.getByText('Document could not be loaded').count()).toBe(0)

    expect(traffic.requests.filter((url) => new URL(url).origin !== server.url)).toEqual([])
    expect(traffic.requests).toContain(`${server.url}/api/openapi.json`)
    expect(traffic.errors).toEqual([])
  })
})
