import type { PunchDirection } from '@webroster/attendance'

/**
 * The direction a punch state gives the engine, as the protocol names the states (reference §12.2): check-in (0),
 * break-in (3) and overtime-in (4) come in; check-out (1), break-out (2) and overtime-out (5) go out. Anything else
 * (255 "none", meal states, a terminal with a fixed state) is unknown, and the engine alternates those in time order.
 * @example punchDirection(2) // 'out': leaving for a break
 */
export function punchDirection(status: number): PunchDirection {
  if (status === 0 || status === 3 || status === 4) return 'in'
  if (status === 1 || status === 2 || status === 5) return 'out'
  return 'unknown'
}
