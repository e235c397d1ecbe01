import { errorCause } from '../errors'
import type { EnrolledEvent, Services } from '../services'

/** Hands a committed upload's enrolments to the fan-out in one call; its failure must not turn a stored batch into a re-send. */
export async function fanOutEnrolled(
  services: Services,
  sn: string,
  events: readonly EnrolledEvent[],
): Promise<void> {
  if (events.length === 0) return
  try {
    await services.onEnrolled?.(events)
  } catch (e) {
    services.log.error('enrolment fan-out failed', { sn, ...errorCause(e) })
  }
}
