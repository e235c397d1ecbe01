import { Elysia } from 'elysia'
import { authenticate, requireScope, scopeForMethod } from '../auth/principal'
import type { Services } from '../services'

/** The management API under /api: bearer auth on every route, reads need `read`, writes `write`. */
export function apiRoutes(services: Services) {
  return new Elysia({ name: 'api', prefix: '/api' })
    .derive({ as: 'scoped' }, async ({ request }) => {
      const principal = await authenticate(
        services.db,
        services.adminTokenHash,
        request.headers.get('authorization'),
      )
      requireScope(principal, scopeForMethod(request.method))
      return { principal }
    })
    .get('/whoami', ({ principal }) => ({
      kind: principal.kind,
      name: principal.name,
      scopes: [...principal.scopes],
    }))
}
