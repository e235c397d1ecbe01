import { gunzipSync } from 'node:zlib'
import { Elysia } from 'elysia'
import { describe, expect, it } from 'vitest'
import { createTestServer } from '../testing/test-server'
import { apiDocsRoutes } from './api-docs'
import { API_INFO } from './api-info'

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return apiDocsRoutes().handle(new Request(`http://localhost${path}`, { headers }))
}

describe('API docs', () => {
  it('/api answers an index: name, version and where the docs and the spec are', async () => {
    const res = await get('/api')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      name: 'Webroster API',
      version: API_INFO.version,
      links: { docs: '/api/docs', openapi: '/api/openapi.json', health: '/healthz' },
    })
  })

  it('the docs page loads its script from this server and the spec from its absolute path', async () => {
    const res = await get('/api/docs')
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res.text()
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1])
    expect(scripts).toEqual(['/api/docs/scalar.js'])
    const settings = JSON.parse(html.match(/data-configuration='([^']+)'/)?.[1] ?? '{}') as {
      url?: string
    }
    expect(settings.url).toBe('/api/openapi.json')
    expect(html).not.toMatch(/https?:\/\/(?!json-schema)/)
  })

  it('serves the script gzipped when asked, and 304 to a browser holding it', async () => {
    const plain = await get('/api/docs/scalar.js')
    expect(plain.headers.get('content-type')).toMatch(/javascript/)
    const body = new Uint8Array(await plain.arrayBuffer())
    expect(body.length).toBeGreaterThan(1_000_000)
    const zipped = await get('/api/docs/scalar.js', { 'accept-encoding': 'gzip, br' })
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(new Uint8Array(await zipped.arrayBuffer())).equals(body)).toBe(true)
    const etag = plain.headers.get('etag') ?? ''
    expect(etag).toMatch(/^".+"$/)
    const again = await get('/api/docs/scalar.js', { 'if-none-match': etag })
    expect(again.status).toBe(304)
  })

  it('names the version in the OpenAPI document', async () => {
    const app = new Elysia().use(apiDocsRoutes()).get('/api/x', () => 'x')
    const doc = (await (
      await app.handle(new Request('http://localhost/api/openapi.json'))
    ).json()) as { info: { version: string }; paths: Record<string, unknown> }
    expect(doc.info.version).toBe(API_INFO.version)
    expect(Object.keys(doc.paths)).toContain('/api')
  })

  it('needs no token in the whole app, while the rest of /api does', async () => {
    const server = await createTestServer('pglite')
    try {
      for (const path of ['/api', '/api/docs', '/api/docs/scalar.js', '/api/openapi.json']) {
        const res = await server.app.handle(new Request(`http://localhost${path}`))
        expect(res.status, path).toBe(200)
      }
      const whoami = await server.app.handle(new Request('http://localhost/api/whoami'))
      expect(whoami.status).toBe(401)
    } finally {
      await server.close()
    }
  })
})
