import type { OperatorRole } from '../db/schema'
import { rememberClientAddress } from '../http/client-address'
import type { TestServer } from './test-server'

export const PASSWORD = 'correct horse battery'

/** A signed-in browser: its cookie and CSRF token, and requests that carry them (no bearer token). */
export interface Browser {
  cookie: string
  csrfToken: string
  request(path: string, init?: RequestInit & { csrf?: boolean }): Promise<Response>
}

/** A request as a browser sends it: no Authorization header, the given cookie. */
export function browserRequest(
  server: TestServer,
  path: string,
  init: RequestInit & { cookie?: string; remoteAddress?: string } = {},
): Promise<Response> {
  const { cookie, remoteAddress, ...rest } = init
  const headers = new Headers(rest.headers)
  if (cookie) headers.set('cookie', cookie)
  if (rest.body !== undefined && !headers.has('content-type')) {
    headers.set('content-type', 'application/json')
  }
  // `server.request` adds the admin token to /api paths without one: go to the app directly.
  const request = new Request(`http://localhost${path}`, { ...rest, headers })
  rememberClientAddress(request, remoteAddress)
  return server.app.handle(request)
}

/** POST /api/session with a name and password. */
export function signInRequest(
  server: TestServer,
  username: string,
  password: string,
  extra: { headers?: Record<string, string>; remoteAddress?: string } = {},
): Promise<Response> {
  return browserRequest(server, '/api/session', {
    method: 'POST',
    body: JSON.stringify({ username, password }),
    ...extra,
  })
}

/** Creates an operator with the admin token; returns its id. */
export async function addOperator(
  server: TestServer,
  username: string,
  role: OperatorRole,
  password = PASSWORD,
): Promise<number> {
  const res = await server.request('/api/operators', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, role, password }),
  })
  if (res.status !== 201) throw new Error(`operator not created: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { id: number }).id
}

/** Signs in and returns a browser holding the session. */
export async function signIn(
  server: TestServer,
  username: string,
  password = PASSWORD,
): Promise<Browser> {
  const res = await signInRequest(server, username, password)
  if (res.status !== 201) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  return {
    cookie,
    csrfToken,
    request(path, init = {}) {
      const { csrf = true, ...rest } = init
      const headers = new Headers(rest.headers)
      if (csrf) headers.set('x-csrf-token', csrfToken)
      return browserRequest(server, path, { ...rest, headers, cookie })
    },
  }
}
