import type { Services } from '../services'
import { createFanOut } from './fan-out'

/**
 * Installs the fan-out as `services.onEnrolled` unless something else already did; the OPERLOG ingest calls it
 * after committing a user or template a terminal enrolled.
 */
export function attachFanOut(services: Services): void {
  services.onEnrolled ??= createFanOut({
    db: services.db,
    queue: services.commands,
    defaultZone: services.config.defaultTimeZone,
    log: services.log,
  })
}
