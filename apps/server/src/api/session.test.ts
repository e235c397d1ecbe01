import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { operatorSessions } from '../db/schema'
import {
  addOperator,
  browserRequest,
  PASSWORD,
  signIn,
  signInRequest,
} from '../testing/operator-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SETUP_TIMEOUT_MS = 60_000

describe.each(testDbKinds())('sessions on %s', (kind) => {
  let server: TestServer
  let clock = new Date('2026-12-01T09:00:00Z')
  beforeEach(async () => {
    clock = new Date('2026-12-01T09:00:00Z')
    server = await createTestServer(kind, {}, () => clock)
  }, SETUP_TIMEOUT_MS)
  afterEach(async () => {
    await server.close()
  })

  it('creates the first admin with the admin token, once', async () => {
    const setup = (authorization?: string) =>
      server.request('/api/setup', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ username: 'Office', password: PASSWORD }),
      })
    const first = await setup()
    expect(first.status).toBe(201)
    expect(await first.json()).toMatchObject({ username: 'office', role: 'admin', disabled: false })
    expect((await setup()).status).toBe(409)
    // The admin operator can sign in, and is not the admin token: setup is the token's alone.
    const admin = await signIn(server, 'OFFICE')
    const again = await admin.request('/api/setup', {
      method: 'POST',
      body: JSON.stringify({ username: 'other', password: PASSWORD }),
    })
    expect(again.status).toBe(403)
    expect(
      (await browserRequest(server, '/api/setup', { method: 'POST', body: '{}' })).status,
    ).toBe(401)
  })

  it('signs in with an HttpOnly SameSite cookie, says who is signed in, and signs out', async () => {
    await addOperator(server, 'ana', 'manager')
    const res = await signInRequest(server, 'ana', PASSWORD)
    expect(res.status).toBe(201)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(
      /^wr_session=[\w-]{40,}; Path=\/api; Expires=.+; HttpOnly; SameSite=Strict$/,
    )
    const secret = /^wr_session=([^;]+)/.exec(cookie)?.[1] ?? ''
    const body = await res.text()
    expect(body).not.toContain(secret)
    const { csrfToken, operator } = JSON.parse(body) as {
      csrfToken: string
      operator: { username: string; role: string }
    }
    expect(operator).toMatchObject({ username: 'ana', role: 'manager' })
    // Only the secret's hash is stored.
    const rows = await server.services.db.select().from(operatorSessions)
    expect(JSON.stringify(rows)).not.toContain(secret)

    const session = `wr_session=${secret}`
    const me = await browserRequest(server, '/api/session', { cookie: session })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({
      kind: 'operator',
      name: 'ana',
      csrfToken,
      operator: { username: 'ana', role: 'manager' },
    })
    // Signing out is a write: it needs the CSRF token too.
    const noToken = await browserRequest(server, '/api/session', {
      method: 'DELETE',
      cookie: session,
    })
    expect(noToken.status).toBe(403)
    const out = await browserRequest(server, '/api/session', {
      method: 'DELETE',
      cookie: session,
      headers: { 'x-csrf-token': csrfToken },
    })
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(
      /^wr_session=; Path=\/api; Expires=Thu, 01 Jan 1970/,
    )
    expect((await browserRequest(server, '/api/session', { cookie: session })).status).toBe(401)
  })

  it('marks the cookie Secure when the browser came over https', async () => {
    await addOperator(server, 'ana', 'viewer')
    const res = await signInRequest(server, 'ana', PASSWORD, {
      headers: { 'x-forwarded-proto': 'https' },
    })
    expect(res.headers.get('set-cookie')).toMatch(/; Secure$/)
  })

  it('answers a wrong password and an unknown name alike', async () => {
    await addOperator(server, 'ana', 'viewer')
    const wrong = await signInRequest(server, 'ana', 'not the password')
    const unknown = await signInRequest(server, 'nobody', 'not the password')
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await wrong.json()).toEqual(await unknown.json())
    expect(wrong.headers.get('set-cookie')).toBeNull()
  })

  it('locks an account after repeated failures, known or not, and lets it in once the lock ends', async () => {
    await addOperator(server, 'ana', 'viewer')
    for (const name of ['ana', 'nobody']) {
      for (let i = 0; i < 5; i++) {
        expect((await signInRequest(server, name, 'wrong password')).status).toBe(401)
      }
      const locked = await signInRequest(server, name, PASSWORD)
      expect(locked.status).toBe(429)
      expect(locked.headers.get('retry-after')).toBe(String(15 * 60))
    }
    clock = new Date(clock.getTime() + 15 * 60_000 + 1000)
    expect((await signInRequest(server, 'ana', PASSWORD)).status).toBe(201)
  })

  it('locks a source address that tries many names', async () => {
    await addOperator(server, 'ana', 'viewer')
    for (let i = 0; i < 20; i++) {
      const res = await signInRequest(server, `guess${i}`, 'wrong password', {
        remoteAddress: '198.51.100.7',
      })
      expect(res.status).toBe(401)
    }
    const fromThere = await signInRequest(server, 'ana', PASSWORD, {
      remoteAddress: '198.51.100.7',
    })
    expect(fromThere.status).toBe(429)
    const elsewhere = await signInRequest(server, 'ana', PASSWORD, {
      remoteAddress: '198.51.100.8',
    })
    expect(elsewhere.status).toBe(201)
  })

  it('ends a session at its idle timeout and at its lifetime', async () => {
    await addOperator(server, 'ana', 'viewer')
    const idle = await signIn(server, 'ana')
    clock = new Date(clock.getTime() + 59 * 60_000)
    expect((await idle.request('/api/session')).status).toBe(200)
    clock = new Date(clock.getTime() + 61 * 60_000)
    expect((await idle.request('/api/session')).status).toBe(401)
    const busy = await signIn(server, 'ana')
    // Used every 50 minutes, it is never idle; the 12 hours end it between 700 and 750 minutes.
    for (let step = 1; step <= 15; step++) {
      clock = new Date(clock.getTime() + 50 * 60_000)
      expect((await busy.request('/api/session')).status).toBe(step < 15 ? 200 : 401)
    }
  })

  it('refuses cookie writes without the CSRF token, and bearer writes need none', async () => {
    await addOperator(server, 'ana', 'manager')
    const ana = await signIn(server, 'ana')
    const person = (pin: string) => JSON.stringify({ pin, name: `P ${pin}` })
    const none = await ana.request('/api/people', {
      method: 'POST',
      body: person('1'),
      csrf: false,
    })
    expect(none.status).toBe(403)
    const wrong = await ana.request('/api/people', {
      method: 'POST',
      body: person('1'),
      csrf: false,
      headers: { 'x-csrf-token': 'forged' },
    })
    expect(wrong.status).toBe(403)
    expect((await ana.request('/api/people', { method: 'POST', body: person('1') })).status).toBe(
      201,
    )
    const bearer = await server.request('/api/people', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: person('2'),
    })
    expect(bearer.status).toBe(201)
  })

  it('lets operators change their own password, keeping only the current session', async () => {
    await addOperator(server, 'ana', 'viewer')
    const here = await signIn(server, 'ana')
    const there = await signIn(server, 'ana')
    const change = (current: string) =>
      here.request('/api/session/password', {
        method: 'PUT',
        body: JSON.stringify({ currentPassword: current, newPassword: 'a brand new passphrase' }),
      })
    expect((await change('not it at all')).status).toBe(403)
    expect((await change(PASSWORD)).status).toBe(204)
    expect((await here.request('/api/session')).status).toBe(200)
    expect((await there.request('/api/session')).status).toBe(401)
    expect((await signInRequest(server, 'ana', PASSWORD)).status).toBe(401)
    expect((await signInRequest(server, 'ana', 'a brand new passphrase')).status).toBe(201)
    // The admin token has no password of its own.
    const token = await server.request('/api/session/password', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: 'x', newPassword: 'a brand new passphrase' }),
    })
    expect(token.status).toBe(400)
  })
})
