import { Elysia } from 'elysia'
import { requireScope, scopeForMethod } from '../auth/principal'
import { apiKeyRoutes } from './api-keys'
import { attendanceRoutes } from './attendance'
import { commandRoutes } from './commands'
import { credentialRoutes } from './credentials'
import type { ApiDeps } from './deps'
import { deviceLogRoutes } from './device-logs'
import { deviceZoneRoutes } from './device-zone'
import { deviceRoutes } from './devices'
import { diagnosticsRoutes } from './diagnostics'
import { exportRoutes } from './export'
import { groupRoutes } from './groups'
import { manualPunchRoutes } from './manual-punch'
import { peopleRoutes } from './people'
import { webhookRoutes } from './webhooks'

export type { ApiDeps } from './deps'

/** The management API under /api: bearer auth on every route, reads need `read`, writes `write`. */
export function apiRoutes(deps: ApiDeps) {
  return new Elysia({ name: 'api', prefix: '/api' })
    .derive({ as: 'scoped' }, async ({ request }) => {
      const principal = await deps.authenticate(request.headers.get('authorization'))
      requireScope(principal, scopeForMethod(request.method))
      return { principal }
    })
    .get('/whoami', ({ principal }) => ({
      kind: principal.kind,
      name: principal.name,
      scopes: [...principal.scopes],
    }))
    .use(webhookRoutes(deps))
    .use(exportRoutes(deps))
    .use(manualPunchRoutes(deps))
    .use(apiKeyRoutes(deps))
    .use(deviceRoutes(deps))
    .use(deviceZoneRoutes(deps))
    .use(deviceLogRoutes(deps))
    .use(diagnosticsRoutes(deps))
    .use(commandRoutes(deps))
    .use(attendanceRoutes(deps))
    .use(peopleRoutes(deps))
    .use(groupRoutes(deps))
    .use(credentialRoutes(deps))
}
