import type { Server } from 'bun'

/** Addresses of requests that did not come straight off their own socket (rebuilt or forwarded). */
const known = new WeakMap<Request, string>()

/** Records where a request really came from, for requests `server.requestIP` cannot answer for. */
export function rememberClientAddress(request: Request, address: string | undefined): void {
  if (address) known.set(request, address)
}

/**
 * The IP address of the client that sent a request: the terminal itself, also for requests the legacy listener
 * forwarded or the server rebuilt. Undefined when nothing is known (`app.handle` in tests).
 */
export function clientAddress(
  request: Request,
  server: Server<undefined> | null,
): string | undefined {
  return known.get(request) ?? server?.requestIP(request)?.address ?? undefined
}
