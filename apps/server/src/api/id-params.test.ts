import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeCursor } from '../cursor'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const PAST_BIGINT = '99999999999999999999'
const PAST_INT32 = '2147483648'

describe.each(testDbKinds())('numeric ids in /api on %s', (kind) => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer(kind)
    await server.request('/iclock/cdata?SN=IDS1&options=all')
  })
  afterAll(async () => {
    await server.close()
  })
  const json = (method: string, body: unknown): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

  it('answers 400, not 500, to ids no row can have', async () => {
    const calls: Array<[string, RequestInit?]> = []
    for (const id of [PAST_BIGINT, '9223372036854775808', '1e30', '1.5', '0', '-1']) {
      calls.push(
        [`/api/webhooks/${id}`, json('PATCH', { active: false })],
        [`/api/webhooks/${id}`, { method: 'DELETE' }],
        [`/api/webhooks/${id}/deliveries`],
        [`/api/webhooks/${id}/test`, { method: 'POST' }],
        [`/api/webhooks/1/deliveries?cursor=${encodeCursor([id])}`],
        [`/api/keys/${id}`, { method: 'DELETE' }],
        [`/api/devices/IDS1/logs/${id}`],
        [`/api/devices/IDS1/logs?cursor=${encodeCursor([id])}`],
        [`/api/devices/IDS1/rejected-lines?cursor=${encodeCursor([id])}`],
        [`/api/devices/IDS1/errors?cursor=${encodeCursor([id])}`],
        [`/api/people/7/templates/${id}`, { method: 'DELETE' }],
        [`/api/groups/${id}`],
        [`/api/people?groupId=${id}`],
      )
    }
    for (const id of [PAST_INT32, PAST_BIGINT]) {
      calls.push(
        [`/api/groups/${id}`],
        [`/api/groups/${id}`, json('PATCH', { name: 'x' })],
        [`/api/groups/${id}`, { method: 'DELETE' }],
        [`/api/people?groupId=${id}`],
        ['/api/people', json('POST', { pin: '8', groupIds: [Number(id)] })],
        ['/api/devices/IDS1', json('PATCH', { groupIds: [Number(id)] })],
      )
    }
    for (const [path, init] of calls) {
      const res = await server.request(path, init)
      expect(res.status, `${init?.method ?? 'GET'} ${path}`).toBe(400)
      expect(await res.json()).toMatchObject({ error: 'invalid_request' })
    }
  })

  it('still finds nothing, with 404, for a well-formed id that is not there', async () => {
    expect((await server.request('/api/webhooks/9007199254740991/deliveries')).status).toBe(404)
    expect((await server.request('/api/groups/2147483647')).status).toBe(404)
  })
})
