import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from './client'
import { serveApp } from './http/serve-app'
import { addOperator, signIn } from './testing/operator-fixtures'
import { createTestServer, TEST_ADMIN_TOKEN, type TestServer } from './testing/test-server'

describe('the typed client', () => {
  let server: TestServer
  let listening: ReturnType<typeof serveApp>
  let baseUrl: string
  beforeAll(async () => {
    server = await createTestServer('pglite')
    listening = serveApp(server.app, { port: 0, hostname: '127.0.0.1' })
    baseUrl = `http://127.0.0.1:${listening.port}`
  })
  afterAll(async () => {
    await listening.stop(true)
    await server.close()
  })

  it('with a token: typed data on 2xx, the error reply with its status otherwise', async () => {
    const api = createClient(baseUrl, { token: TEST_ADMIN_TOKEN })
    const group = await api.api.groups.post({ name: 'Hall' })
    expect(group.status).toBe(201)
    const created = await api.api.people.post({
      pin: '42',
      name: 'Ada',
      privilege: 14,
      groupIds: [group.data?.id ?? 0],
    })
    expect(created.data?.person).toMatchObject({ pin: '42', name: 'Ada', privilege: 14 })
    const page = await api.api.people.get({ query: { limit: 10 } })
    expect(page.data?.items.map((p) => p.pin)).toEqual(['42'])
    // Dates stay the strings the schema documents.
    expect(typeof page.data?.items[0]?.createdAt).toBe('string')
    const missing = await api.api.people({ pin: '404' }).get()
    expect(missing.status).toBe(404)
    expect(missing.error?.value).toMatchObject({ error: 'not_found' })
    const invalid = await api.api.people.post({ pin: 'a b' })
    expect(invalid.status).toBe(400)
    expect(invalid.error?.value).toMatchObject({ fields: [{ path: '/pin' }] })
  })

  it('with a session cookie and its CSRF token, as an operator', async () => {
    await addOperator(server, 'viewer1', 'viewer')
    const browser = await signIn(server, 'viewer1')
    const secret = browser.cookie.replace(/^[^=]+=/, '')
    const api = createClient(baseUrl, { cookie: secret, csrfToken: browser.csrfToken })
    const me = await api.api.session.get()
    expect(me.data).toMatchObject({ kind: 'operator', name: 'viewer1' })
    const refused = await api.api.groups.post({ name: 'Not mine' })
    expect(refused.status).toBe(403)
    expect((await createClient(baseUrl).api.whoami.get()).status).toBe(401)
  })
})
