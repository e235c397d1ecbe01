import { RETURN_OK } from '@webroster/protocol'
import type { Store } from '../store/store'
import type { CommandDeps, Execution } from './command-deps'

/** Firmware string in INFO and telemetry. */
export const firmwareName = (version: string): string => `Webroster-Terminal ${version}`

/** The counts the INFO value and the INFO command report. */
export function deviceCounts(store: Store) {
  return {
    users: store.countUsers(),
    fingerprints: store.countTemplates('fp'),
    faces: store.countTemplates('face'),
    punches: store.countPunches(),
  }
}

/** `INFO`: the device parameters as `Key=Value` lines after the result line. */
export function info(deps: CommandDeps): Execution {
  const counts = deviceCounts(deps.store)
  const { ip, mac } = deps.network()
  return {
    returnCode: RETURN_OK,
    info: {
      '~DeviceName': 'Webroster Terminal',
      '~SerialNumber': deps.sn,
      MAC: mac,
      UserCount: String(counts.users),
      FPCount: String(counts.fingerprints),
      FaceCount: String(counts.faces),
      TransactionCount: String(counts.punches),
      FWVersion: firmwareName(deps.version),
      PushVersion: '2.4.1',
      '~Platform': 'webroster',
      '~OEMVendor': 'Webroster',
      IPAddress: ip,
      Language: '69',
      MainTime: deps.clock.wallClock(),
    },
  }
}
