import { actorName, type Principal } from '../auth/principal'
import type { ProvisionContext } from '../people/provisioning'
import type { Services } from '../services'

export { actorName }

/** Provisioning context for a request. */
export function provisionContext(services: Services, principal: Principal): ProvisionContext {
  return {
    queue: services.commands,
    defaultZone: services.config.defaultTimeZone,
    createdBy: actorName(principal),
  }
}
