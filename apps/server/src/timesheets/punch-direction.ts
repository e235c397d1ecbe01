import type { PunchDirection } from '@webroster/attendance'

/**
 * The direction a punch state gives the engine: check-in, break-in and overtime-in (0, 3, 4)… as the protocol
 * numbers them 0 check-in, 1 check-out, 2 break-out, 3 break-in, 4 overtime-in, 5 overtime-out; the engine's
 * contract reads 0/2/4 as in and 1/3/5 as out, and anything else (255, a fixed state) as unknown, alternated in
 * time order by the engine.
 * @example punchDirection(1) // 'out'
 */
export function punchDirection(status: number): PunchDirection {
  if (status === 0 || status === 2 || status === 4) return 'in'
  if (status === 1 || status === 3 || status === 5) return 'out'
  return 'unknown'
}
