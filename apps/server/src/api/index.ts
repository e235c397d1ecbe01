import { Elysia } from 'elysia'
import { authenticate, requireScope, scopeForMethod } from '../auth/principal'
import type { Services } from '../services'
import { apiKeyRoutes } from './api-keys'
import { attendanceRoutes } from './attendance'
import { commandRoutes } from './commands'
import { credentialRoutes } from './credentials'
import { deviceLogRoutes } from './device-logs'
import { deviceZoneRoutes } from './device-zone'
import { deviceRoutes } from './devices'
import { diagnosticsRoutes } from './diagnostics'
import { exportRoutes } from './export'
import { groupRoutes } from './groups'
import { manualPunchRoutes } from './manual-punch'
import { peopleRoutes } from './people'
import { webhookRoutes } from './webhooks'

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
    .use(webhookRoutes(services))
    .use(exportRoutes(services))
    .use(manualPunchRoutes(services))
    .use(apiKeyRoutes(services))
    .use(deviceRoutes(services))
    .use(deviceZoneRoutes(services))
    .use(deviceLogRoutes(services))
    .use(diagnosticsRoutes(services))
    .use(commandRoutes(services))
    .use(attendanceRoutes(services))
    .use(peopleRoutes(services))
    .use(groupRoutes(services))
    .use(credentialRoutes(services))
}
