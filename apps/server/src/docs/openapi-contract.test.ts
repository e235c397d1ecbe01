import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/sessions'
import { createTestServer, type TestServer } from '../testing/test-server'

interface Schema {
  type?: string
  enum?: unknown[]
  properties?: Record<string, Schema>
  required?: string[]
}

interface Operation {
  tags?: string[]
  summary?: string
  security?: Array<Record<string, string[]>>
  requestBody?: { content: Record<string, { schema: Schema }> }
  responses?: Record<string, { content?: Record<string, { schema: Schema }> }>
}

interface Document {
  paths: Record<string, Record<string, Operation>>
  components: { securitySchemes?: Record<string, Record<string, string>> }
}

describe('the OpenAPI document is a contract a client can be typed from', () => {
  let server: TestServer
  let doc: Document
  const operations: Array<{ id: string; path: string; method: string; op: Operation }> = []
  beforeAll(async () => {
    server = await createTestServer('pglite')
    const res = await server.app.handle(new Request('http://localhost/api/openapi.json'))
    doc = (await res.json()) as Document
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        operations.push({ id: `${method.toUpperCase()} ${path}`, path, method, op })
      }
    }
  })
  afterAll(async () => {
    await server.close()
  })

  it('documents every operation there is', () => {
    expect(operations.length).toBeGreaterThan(50)
  })

  it('gives every operation a tag, a summary and a 2xx answer with its schema', () => {
    const lacking = operations.flatMap(({ id, op }) => {
      const problems: string[] = []
      if (!op.tags?.length) problems.push('no tag')
      if (!op.summary) problems.push('no summary')
      const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status))
      if (ok.length === 0) problems.push('no 2xx response')
      for (const [status, response] of ok) {
        if (status !== '204' && !Object.values(response.content ?? {})[0]?.schema) {
          problems.push(`${status} without a schema`)
        }
      }
      return problems.map((p) => `${id}: ${p}`)
    })
    expect(lacking).toEqual([])
  })

  it('spells each path once: no trailing-slash variants', () => {
    const spellings = new Map<string, string[]>()
    for (const path of Object.keys(doc.paths)) {
      const key = path.replace(/\{[^}]+\}/g, '{}').replace(/(.)\/$/, '$1')
      spellings.set(key, [...(spellings.get(key) ?? []), path])
    }
    expect([...spellings.values()].filter((paths) => paths.length > 1)).toEqual([])
    expect(Object.keys(doc.paths).filter((p) => p.length > 1 && p.endsWith('/'))).toEqual([])
  })

  it('documents the one validation answer and the one error answer on every /api operation', () => {
    for (const { id, path, op } of operations) {
      if (!path.startsWith('/api')) continue
      const responses = op.responses ?? {}
      for (const [status, response] of Object.entries(responses)) {
        if (!/^[45]/.test(status)) continue
        const schema = response.content?.['application/json']?.schema
        const expected = status === '400' ? ['error', 'message', 'fields'] : ['error', 'message']
        expect(schema?.required, `${id} ${status}`).toEqual(expected)
      }
      if (path === '/api' || id === 'POST /api/session') continue
      expect(Object.keys(responses), id).toEqual(expect.arrayContaining(['401', '403']))
    }
  })

  it('lists each request body once, as JSON (or CSV, for a file upload)', () => {
    for (const { id, op } of operations) {
      if (!op.requestBody) continue
      const types = Object.keys(op.requestBody.content)
      expect(types, id).toEqual([
        id === 'POST /api/people/import' ? 'text/csv' : 'application/json',
      ])
    }
  })

  it('documents privilege as a number', () => {
    const body = doc.paths['/api/people']?.post?.requestBody?.content['application/json']?.schema
    expect(body?.properties?.privilege).toMatchObject({ type: 'integer', enum: [0, 2, 6, 10, 14] })
    const person =
      doc.paths['/api/people/{pin}']?.get?.responses?.['200']?.content?.['application/json']?.schema
    expect(person?.properties?.privilege?.type).toBe('integer')
  })

  it('declares the credentials /api takes, and what each operation accepts', () => {
    expect(doc.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }),
      csrf: expect.objectContaining({ type: 'apiKey', in: 'header', name: CSRF_HEADER }),
    })
    const security = (id: string) => operations.find((o) => o.id === id)?.op.security
    expect(security('GET /api/people')).toEqual([{ bearer: [] }, { session: [] }])
    expect(security('POST /api/people')).toEqual([{ bearer: [] }, { session: [], csrf: [] }])
    expect(security('POST /api/session')).toEqual([])
    expect(security('GET /api')).toEqual([])
    expect(security('GET /healthz')).toEqual([])
    expect(security('POST /api/setup')).toEqual([{ bearer: [] }])
    expect(operations.filter((o) => o.op.security === undefined).map((o) => o.id)).toEqual([])
  })
})
