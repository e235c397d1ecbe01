import type { Principal } from '../auth/principal'
import type { ProvisionContext } from '../people/provisioning'
import type { Services } from '../services'

/** Who queued a command, as recorded on it. */
export function actorName(principal: Principal): string {
  return principal.kind === 'admin' ? 'admin' : `key:${principal.name}`
}

/** Provisioning context for a request. */
export function provisionContext(services: Services, principal: Principal): ProvisionContext {
  return {
    queue: services.commands,
    defaultZone: services.config.defaultTimeZone,
    createdBy: actorName(principal),
  }
}
