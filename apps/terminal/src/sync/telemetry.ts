import { formatInfo } from '@webroster/protocol'
import { deviceCounts, firmwareName } from '../commands/device-info'
import type { Store } from '../store/store'
import type { SystemFacts } from './system-probe'

/**
 * getrequest query fields: `INFO=` (firmware, users, fingerprints, punches, ip, …) and the old
 * terminal's ip, current_time, temp, uptime, disk, mem and gitver — values are plain strings here;
 * the client URL-encodes them.
 */
export function pollTelemetry(
  store: Store,
  facts: SystemFacts,
  wallClock: string,
  version: string,
  fpAlgorithm = '10',
): Record<string, string> {
  const counts = deviceCounts(store)
  const query: Record<string, string> = {
    INFO: formatInfo({
      firmware: firmwareName(version),
      userCount: counts.users,
      fingerprintCount: counts.fingerprints,
      attlogCount: counts.punches,
      ip: facts.ip,
      fpAlgorithm,
      faceAlgorithm: '',
      facesPerEnrol: 0,
      faceCount: counts.faces,
      features: '100',
    }),
    ip: facts.ip,
    current_time: wallClock,
    uptime: String(facts.uptimeSeconds),
    mem: `${facts.memPercent}%`,
    version,
    gitver: version,
  }
  if (facts.temperatureC !== undefined) query.temp = facts.temperatureC.toFixed(1)
  if (facts.diskPercent !== undefined) query.disk = `${facts.diskPercent}%`
  return query
}
