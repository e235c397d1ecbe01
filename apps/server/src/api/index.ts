import { Elysia } from 'elysia'
import { requestPrincipal } from '../auth/request-principal'
import { areaOf, requireAccess } from '../auth/roles'
import { apiKeyRoutes } from './api-keys'
import { apiReplies } from './api-replies'
import { attendanceRoutes } from './attendance'
import { auditRoutes } from './audit'
import { commandRoutes } from './commands'
import { credentialRoutes } from './credentials'
import type { ApiDeps } from './deps'
import { recordWrite } from './request-audit'
import { CallerSchema } from './session'

export type { ApiDeps } from './deps'

import { deviceLogRoutes } from './device-logs'
import { deviceZoneRoutes } from './device-zone'
import { deviceRoutes } from './devices'
import { diagnosticsRoutes } from './diagnostics'
import { eventRoutes } from './events'
import { exportRoutes } from './export'
import { groupRoutes } from './groups'
import { manualPunchRoutes } from './manual-punch'
import { operatorRoutes, setupRoutes } from './operators'
import { peopleRoutes } from './people'
import { punchCorrectionRoutes } from './punch-corrections'
import { sessionRoutes, signInRoutes } from './session'
import { settingsRoutes } from './settings'
import { timesheetRoutes } from './timesheets'
import { webhookRoutes } from './webhooks'

/** The management API under /api: a bearer token or a session on every route but sign-in; roles.ts decides access. */
export function apiRoutes(deps: ApiDeps) {
  const { auth } = deps
  return new Elysia({ name: 'api', prefix: '/api' })
    .use(signInRoutes(auth))
    .derive({ as: 'scoped' }, async ({ request }) => {
      const principal = await requestPrincipal(auth, request)
      const url = new URL(request.url)
      requireAccess(principal, areaOf(url.pathname, url.search), request.method)
      return { principal }
    })
    .onAfterHandle({ as: 'scoped' }, ({ request, principal, response }) =>
      recordWrite(auth.db, principal, request, response),
    )
    .get(
      '/whoami',
      ({ principal }) => ({
        kind: principal.kind,
        name: principal.name,
        scopes: [...principal.scopes],
      }),
      {
        response: apiReplies({ 200: CallerSchema }),
        detail: { tags: ['session'], summary: 'Who is calling: kind, name and scopes' },
      },
    )
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
    .use(eventRoutes(deps))
    .use(punchCorrectionRoutes(deps))
    .use(timesheetRoutes(deps))
    .use(peopleRoutes(deps))
    .use(groupRoutes(deps))
    .use(settingsRoutes(deps))
    .use(credentialRoutes(deps))
    .use(sessionRoutes(auth))
    .use(setupRoutes(auth))
    .use(operatorRoutes(auth))
    .use(auditRoutes(auth))
}
