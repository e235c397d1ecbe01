import type { WallParts } from './wall-time'

/**
 * The wall clock a ZK `DateTime=` integer names: months count as 31 days and years as 372, so
 * the fields fall out by division. Kept here alone until the protocol package's decoder is used.
 */
export function wallFromZkSeconds(zk: number): WallParts {
  if (!Number.isSafeInteger(zk) || zk < 0) throw new RangeError(`bad ZK time ${zk}`)
  const second = zk % 60
  const minute = Math.floor(zk / 60) % 60
  const hour = Math.floor(zk / 3600) % 24
  let days = Math.floor(zk / 86_400)
  const day = (days % 31) + 1
  days = Math.floor(days / 31)
  const month = (days % 12) + 1
  const year = Math.floor(days / 12) + 2000
  return { year, month, day, hour, minute, second }
}
