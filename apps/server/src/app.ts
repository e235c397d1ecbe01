import { Elysia } from 'elysia'
import { apiRoutes } from './api'
import { consoleRoutes } from './console/console-routes'
import { apiDocsRoutes } from './docs/api-docs'
import { AppError, RateLimitedError, ValidationError } from './errors'
import { healthRoutes } from './health'
import { validationReply } from './http/validation-reply'
import { iclockRoutes } from './iclock'
import type { Services } from './services'

/** The request's path, also for a URL `new URL` cannot read (an error reply must not fail in turn). */
function pathOf(url: string): string {
  const scheme = url.indexOf('://')
  const start = scheme < 0 ? 0 : url.indexOf('/', scheme + 3)
  if (start < 0) return '/'
  const end = url.indexOf('?', start)
  return url.slice(start, end < 0 ? undefined : end)
}

/** The whole HTTP app, not listening: main.ts listens, tests call `app.handle(request)`. */
export function createApp(services: Services) {
  const { log } = services
  // Elysia's router otherwise reads the path from the 11th character on, which misroutes a Host of 3
  // characters or fewer (`Host: abc`, as some firmware sends).
  return (
    new Elysia({ handler: { standardHostname: false } })
      // Name only what is used: Elysia reads a hook's parameters to decide what to parse on every request, and a
      // rest pattern (`...context`) made it parse the query, headers and cookies of every terminal poll.
      .onError(({ error, code, set, request, params }) => {
        if (error instanceof AppError) {
          set.status = error.status
          if (error instanceof RateLimitedError) {
            set.headers['retry-after'] = String(error.retryAfterSeconds)
          }
          return {
            error: error.code,
            message: error.message,
            ...(error.details ? { details: error.details } : {}),
            // Every invalid_request answer has `fields`; a rule checked past the schema names none.
            ...(error instanceof ValidationError ? { fields: [] } : {}),
          }
        }
        if (code === 'VALIDATION') {
          set.status = 400
          // The query only on this path: parsing it for every request is the cost the comment above avoids.
          const query = Object.fromEntries(new URL(request.url, 'http://localhost').searchParams)
          return validationReply(error.type, error.all, { params, query })
        }
        if (code === 'NOT_FOUND') {
          set.status = 404
          return { error: 'not_found', message: `no route for ${pathOf(request.url)}` }
        }
        if (code === 'PARSE') {
          set.status = 400
          return { error: 'invalid_request', message: 'the body could not be parsed', fields: [] }
        }
        log.error('unhandled error', {
          path: pathOf(request.url),
          error: error instanceof Error ? error.message : String(error),
        })
        set.status = 500
        return { error: 'internal', message: 'internal error' }
      })
      .use(apiDocsRoutes())
      .use(healthRoutes(services.health))
      .use(iclockRoutes(services))
      // Before the API: its auth check applies to every route added after it. The catch-all GET still answers
      // only what no other route claims (the router prefers static and parametric paths over a wildcard).
      .use(consoleRoutes(services.config.consoleDir))
      .use(apiRoutes(services.api))
  )
}
