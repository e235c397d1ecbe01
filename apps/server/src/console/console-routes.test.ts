import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../testing/test-server'

describe('the console at /', () => {
  let dir: string
  let built: TestServer
  let missing: TestServer

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-dist-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>')
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)')
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>')
    ;[built, missing] = await Promise.all([
      createTestServer('pglite', { consoleDir: dir }),
      createTestServer('pglite', { consoleDir: join(dir, 'nothing-here') }),
    ])
  }, 60_000)
  afterAll(async () => {
    await Promise.all([built?.close(), missing?.close()])
    rmSync(dir, { recursive: true, force: true })
  })

  it('serves index.html at / and for deep links, revalidated on every load', async () => {
    for (const path of ['/', '/people/17', '/attendance?from=2026-01-01']) {
      const res = await built.request(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('text/html')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(await res.text()).toContain('id="root"')
    }
  })

  it('serves hashed assets cached for good, other files revalidated', async () => {
    const asset = await built.request('/assets/index-abc123.js')
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(await asset.text()).toBe('console.log(1)')
    const icon = await built.request('/favicon.svg')
    expect(icon.headers.get('cache-control')).toBe('no-cache')
    expect((await built.request('/assets/index-gone.js')).status).toBe(404)
  })

  it('never answers /api or /iclock paths with the page, nor files outside its folder', async () => {
    const api = await built.request('/api/nothing-here')
    expect(api.status).toBe(404)
    expect(await api.json()).toMatchObject({ error: 'not_found' })
    // The device protocol keeps its GETs: the handshake is answered by /iclock, not by the page.
    const handshake = await built.request('/iclock/cdata?SN=CON1&options=all')
    expect(await handshake.text()).toContain('GET OPTION FROM: CON1')
    expect((await built.request('/people', { method: 'POST' })).status).toBe(404)
    const climb = await built.request('/%2e%2e/%2e%2e/etc/passwd')
    expect(await climb.text()).toContain('id="root"')
    // The API's own routes are untouched.
    expect((await built.request('/api')).headers.get('content-type')).toContain('json')
  })

  it('says how to build the console when there is no build', async () => {
    const res = await missing.request('/')
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('bun run build')
  })
})
