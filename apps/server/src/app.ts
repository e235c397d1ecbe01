import { openapi } from '@elysiajs/openapi'
import { Elysia } from 'elysia'
import { apiRoutes } from './api'
import { AppError, RateLimitedError } from './errors'
import { healthRoutes } from './health'
import { iclockRoutes } from './iclock'
import type { Services } from './services'

/** The whole HTTP app, not listening: main.ts listens, tests call `app.handle(request)`. */
export function createApp(services: Services) {
  return new Elysia()
    .onError(({ error, code, set, request }) => {
      if (error instanceof AppError) {
        set.status = error.status
        if (error instanceof RateLimitedError) {
          set.headers['retry-after'] = String(error.retryAfterSeconds)
        }
        return {
          error: error.code,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
        }
      }
      if (code === 'VALIDATION') {
        set.status = 400
        return { error: 'invalid_request', message: error.message }
      }
      if (code === 'NOT_FOUND') {
        set.status = 404
        return { error: 'not_found', message: `no route for ${new URL(request.url).pathname}` }
      }
      if (code === 'PARSE') {
        set.status = 400
        return { error: 'invalid_request', message: 'the body could not be parsed' }
      }
      services.log.error('unhandled error', {
        path: new URL(request.url).pathname,
        error: error instanceof Error ? error.message : String(error),
      })
      set.status = 500
      return { error: 'internal', message: 'internal error' }
    })
    .use(
      openapi({
        path: '/api/docs',
        specPath: '/api/openapi.json',
        documentation: {
          info: {
            title: 'Webroster API',
            version: '0.0.0',
            description: 'Management API of the Webroster ADMS server',
          },
          components: {
            securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
          },
          security: [{ bearer: [] }],
        },
        exclude: { paths: [/^\/iclock/] },
      }),
    )
    .use(healthRoutes(services))
    .use(iclockRoutes(services))
    .use(apiRoutes(services))
}

export type App = ReturnType<typeof createApp>
