import type { Server } from 'bun'
import { clientAddress, rememberClientAddress } from './client-address'

/** What Bun.serve needs of the app: Elysia's `fetch`, or anything shaped like it. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>
}

export interface ServeOptions {
  port: number
  hostname: string
  maxRequestBodySize?: number
  /** Rewrites each request before the app sees it (the legacy listener's forwarded requests). */
  accept?: (request: Request, server: Server<undefined>) => Request
}

/** Host given to requests that named none (HTTP/1.0 without `Host`): the app only needs an absolute URL. */
const NO_HOST = 'http://localhost'

/** The one reply to an error that escaped the app: it names no path, stack or source. */
function internalError(): Response {
  return new Response(JSON.stringify({ error: 'internal', message: 'internal error' }), {
    status: 500,
    headers: { 'content-type': 'application/json' },
  })
}

/**
 * An absolute URL for every request. Bun gives an HTTP/1.0 request without `Host` a bare path as its URL, which
 * `new URL()` and Elysia's router cannot read; one character check keeps this off the normal path.
 */
export function withAbsoluteUrl(request: Request, server: Server<undefined>): Request {
  const url = request.url
  if (url.charCodeAt(0) !== 47) return request
  const rebuilt = new Request(`${NO_HOST}${url}`, request)
  rememberClientAddress(rebuilt, clientAddress(request, server))
  return rebuilt
}

/**
 * Listens with Bun.serve: never Bun's development error page (it shows paths and source), an error handler as
 * the last resort behind the app's own, and requests the app can always route.
 */
export function serveApp(app: FetchApp, options: ServeOptions): Server<undefined> {
  const { accept } = options
  return Bun.serve({
    port: options.port,
    hostname: options.hostname,
    ...(options.maxRequestBodySize !== undefined
      ? { maxRequestBodySize: options.maxRequestBodySize }
      : {}),
    development: false,
    // Terminals poll every few seconds on keep-alive connections; as Elysia's own listen() sets it.
    idleTimeout: 30,
    fetch: accept
      ? (request, server) => app.fetch(withAbsoluteUrl(accept(request, server), server))
      : (request, server) => app.fetch(withAbsoluteUrl(request, server)),
    error: internalError,
  })
}
