import { Elysia } from 'elysia'
import { recordWrite } from '../audit/request-audit'
import { requestPrincipal } from '../auth/request-principal'
import { areaOf, requireAccess } from '../auth/roles'
import type { Services } from '../services'
import { apiKeyRoutes } from './api-keys'
import { attendanceRoutes } from './attendance'
import { auditRoutes } from './audit'
import { commandRoutes } from './commands'
import { credentialRoutes } from './credentials'
import { deviceLogRoutes } from './device-logs'
import { deviceZoneRoutes } from './device-zone'
import { deviceRoutes } from './devices'
import { diagnosticsRoutes } from './diagnostics'
import { exportRoutes } from './export'
import { groupRoutes } from './groups'
import { manualPunchRoutes } from './manual-punch'
import { operatorRoutes, setupRoutes } from './operators'
import { peopleRoutes } from './people'
import { sessionRoutes, signInRoutes } from './session'
import { webhookRoutes } from './webhooks'

/** The management API under /api: a bearer token or a session on every route but sign-in; roles.ts decides access. */
export function apiRoutes(services: Services) {
  return new Elysia({ name: 'api', prefix: '/api' })
    .use(signInRoutes(services))
    .derive({ as: 'scoped' }, async ({ request }) => {
      const principal = await requestPrincipal(services, request)
      const url = new URL(request.url)
      requireAccess(principal, areaOf(url.pathname, url.search), request.method)
      return { principal }
    })
    .onAfterHandle({ as: 'scoped' }, ({ request, principal, response }) =>
      recordWrite(services.db, principal, request, response),
    )
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
    .use(sessionRoutes(services))
    .use(setupRoutes(services))
    .use(operatorRoutes(services))
    .use(auditRoutes(services))
}
