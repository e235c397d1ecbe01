import { errorCause } from '../errors'
import type { Logger } from '../logger'
import type { EnrolledEvent } from '../people'

/** Called once per upload with the users and templates it committed (the fan-out to other terminals). */
export type EnrolmentHook = (events: readonly EnrolledEvent[]) => void | Promise<void>

/** Hands a committed upload's enrolments to the fan-out in one call; its failure must not turn a stored batch into a re-send. */
export async function fanOutEnrolled(
  onEnrolled: EnrolmentHook,
  log: Logger,
  sn: string,
  events: readonly EnrolledEvent[],
): Promise<void> {
  if (events.length === 0) return
  try {
    await onEnrolled(events)
  } catch (e) {
    log.error('enrolment fan-out failed', { sn, ...errorCause(e) })
  }
}
