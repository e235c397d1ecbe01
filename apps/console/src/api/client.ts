import { treaty } from '@elysiajs/eden'
import type { App } from '@webroster/server/client'

/**
 * The one module that talks to the server: an Eden treaty client typed from the server's app, so a changed
 * route breaks this app's type check. Screens call `api` and unwrap replies with `ok`.
 */

/** The CSRF token of the signed-in session: every write with the cookie carries it (the server's auth/ rule). */
let csrfToken: string | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

function origin(): string {
  return typeof location === 'undefined' ? 'http://localhost' : location.origin
}

function createClient() {
  return treaty<App>(origin(), {
    fetch: { credentials: 'same-origin' },
    // On every request, not only writes: the client does not say the method to this hook reliably, and a read
    // ignores the header.
    headers() {
      return csrfToken ? { 'x-csrf-token': csrfToken } : undefined
    },
  })
}

let client: ReturnType<typeof createClient> | undefined

/** The typed client, built on first use (no work at import time). */
export function api(): ReturnType<typeof createClient> {
  client ??= createClient()
  return client
}

/** An answer other than 2xx: its status and the server's `{ error, message }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

interface Reply {
  data: unknown
  error: { status: unknown; value: unknown } | null
  status: number
}

/** The data of a 2xx reply, or throws ApiError with the server's code and message. */
export async function ok<R extends Reply>(reply: Promise<R>): Promise<Exclude<R['data'], null>> {
  const r = await reply
  if (r.error) {
    const value = (r.error.value ?? {}) as { error?: string; message?: string; details?: unknown }
    throw new ApiError(
      r.status,
      value.error ?? 'error',
      value.message ?? `HTTP ${r.status}`,
      value.details,
    )
  }
  return r.data as Exclude<R['data'], null>
}

/** Where the export of a filter downloads from (a plain link: the browser streams the file). */
export function exportUrl(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v)
  return `/api/attendance/export?${params}`
}

/** The live punch stream (server-sent events, same origin: the session cookie goes with it). */
export const EVENTS_URL = '/api/events'
