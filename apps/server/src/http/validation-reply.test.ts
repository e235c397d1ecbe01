import { PIN_PATTERN } from '@webroster/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../testing/test-server'
import { type ValidationReply, validationReply } from './validation-reply'

describe('validationReply', () => {
  it('names each field and what it must be, a missing field as required', () => {
    const reply = validationReply(
      'body',
      [
        {
          path: '/pin',
          value: 'a b',
          schema: { type: 'string', pattern: PIN_PATTERN },
          message: '',
        },
        { path: '/pin', value: 'a b', schema: { type: 'string' }, message: 'Expected string' },
        { path: '/url', value: undefined, schema: { type: 'string', maxLength: 9 }, message: '' },
        {
          path: '/privilege',
          value: 3,
          schema: { anyOf: [{ const: 0 }, { const: 2 }] },
          message: 'Expected union value',
        },
      ],
      {},
    )
    expect(reply).toEqual({
      error: 'invalid_request',
      message:
        'invalid body: /pin expected 1–24 letters or digits; /url required: expected text of at most 9 ' +
        'characters; /privilege expected one of 0, 2',
      fields: [
        { path: '/pin', message: 'expected 1–24 letters or digits' },
        { path: '/url', message: 'required: expected text of at most 9 characters' },
        { path: '/privilege', message: 'expected one of 0, 2' },
      ],
    })
  })

  it("leaves out the text form Elysia coerces a query number from, and finds a value's lost name", () => {
    const coerced = {
      minimum: 1,
      anyOf: [
        { type: 'string', format: 'integer', default: 0 },
        { type: 'integer', minimum: 1, maximum: 500 },
      ],
    }
    expect(
      validationReply('query', [{ path: '/limit', value: 'x', schema: coerced, message: '' }], {})
        .fields,
    ).toEqual([{ path: '/limit', message: 'expected a whole number from 1 to 500' }])
    const lost = validationReply(
      'property',
      [{ path: '', value: 900, schema: { type: 'integer', maximum: 500 }, message: '' }],
      { params: { id: '7' }, query: { limit: '900' } },
    )
    expect(lost).toMatchObject({
      message: 'invalid query string: /limit expected a whole number of at most 500',
      fields: [{ path: '/limit' }],
    })
  })
})

describe('validation answers of the API', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer('pglite')
  })
  afterAll(async () => {
    await server.close()
  })

  async function refused(path: string, init?: RequestInit): Promise<ValidationReply> {
    const res = await server.request(path, init)
    expect(res.status, path).toBe(400)
    const text = await res.text()
    // Elysia's own message is 1–2 KB of schema internals; an actionable one is short.
    expect(text.length, text).toBeLessThan(400)
    expect(text).not.toMatch(/must specify a default value|"schema"|"type":\s*\d/)
    return JSON.parse(text) as ValidationReply
  }

  it('a bad body names its fields', async () => {
    const reply = await refused('/api/people', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: 'has space', privilege: 3 }),
    })
    expect(reply.error).toBe('invalid_request')
    expect(reply.fields).toContainEqual({
      path: '/pin',
      message: 'expected 1–24 letters or digits',
    })
    expect(reply.message).toContain('/pin expected 1–24 letters or digits')
  })

  it('a bad query parameter names it, also when only its range is wrong', async () => {
    expect((await refused('/api/people?limit=abc')).fields).toEqual([
      { path: '/limit', message: 'expected a whole number from 1 to 500' },
    ])
    expect(await refused('/api/people?limit=100000')).toEqual({
      error: 'invalid_request',
      message: 'invalid query string: /limit expected a whole number from 1 to 500',
      fields: [{ path: '/limit', message: 'expected a whole number from 1 to 500' }],
    })
  })

  it('a bad path parameter names it', async () => {
    expect((await refused('/api/people/a%20b')).fields).toEqual([
      { path: '/pin', message: 'expected 1–24 letters or digits' },
    ])
    expect((await refused('/api/commands/0')).fields).toEqual([
      { path: '/id', message: 'expected a whole number from 1 to 2147483647' },
    ])
  })

  it('a rule checked past the schema, or a body that is not JSON, has the same shape', async () => {
    const rule = await refused('/api/people', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        pin: '1',
        validFrom: '2025-02-01T00:00:00Z',
        validTo: '2025-01-01T00:00:00Z',
      }),
    })
    expect(rule).toEqual({
      error: 'invalid_request',
      message: 'validFrom must not be after validTo',
      fields: [],
    })
    const parse = await refused('/api/people', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    })
    expect(parse.fields).toEqual([])
  })
})
