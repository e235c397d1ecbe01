import {
  type ClearTarget,
  type Field,
  RETURN_BAD_PARAMETER,
  RETURN_BUSY,
  RETURN_OK,
  zkSecondsFromWallClock,
} from '@webroster/protocol'
import { serverOptionKey } from '../sync/sync-settings'
import { deviceCounts, firmwareName } from '../sync/telemetry'
import type { CommandDeps, Execution } from './command-deps'

/** `SET OPTION(S)`: `DateTime` moves the device clock; any other key is stored for the loop. */
export function setOptions(deps: CommandDeps, options: readonly Field[]): Execution {
  if (options.length === 0) return { returnCode: RETURN_BAD_PARAMETER }
  const stored: Record<string, string> = {}
  for (const [key, value] of options) {
    if (key.toLowerCase() === 'datetime') {
      const v = value.trim()
      const zk = /^\d+$/.test(v) ? Number(v) : safeZkSeconds(v)
      if (zk === undefined) return { returnCode: RETURN_BAD_PARAMETER }
      deps.clock.setFromZkSeconds(zk)
    } else if (key.trim() !== '') {
      stored[serverOptionKey(key.trim())] = value
    }
  }
  if (Object.keys(stored).length > 0) {
    deps.store.setOptions(stored)
    deps.optionsChanged()
  }
  return { returnCode: RETURN_OK }
}

// Some servers send `DateTime=YYYY-MM-DD HH:MM:SS` instead of zk-seconds.
function safeZkSeconds(wall: string): number | undefined {
  try {
    return zkSecondsFromWallClock(wall)
  } catch {
    return undefined
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

/**
 * `CLEAR LOG` / `CLEAR DATA` …: the protocol wipes every punch, but a punch the server has not
 * committed would be lost for good. So the backlog is pushed first, and if any punch is still
 * unsent the command answers -1005 (busy) and clears nothing.
 */
export async function clear(deps: CommandDeps, target: ClearTarget): Promise<Execution> {
  const { store } = deps
  if (target === 'LOG' || target === 'DATA') {
    try {
      await deps.flush()
    } catch {
      return { returnCode: RETURN_BUSY }
    }
    if (store.countUnsentPunches() > 0) return { returnCode: RETURN_BUSY }
  }
  store.transaction(() => {
    if (target === 'LOG' || target === 'DATA') store.clearPunches()
    if (target === 'DATA' || target === 'ALL USERINFO') {
      for (const u of store.listUsers()) store.deleteUser(u.pin)
    }
    if (target === 'DATA' || target === 'BIODATA') {
      for (const pin of new Set(store.listTemplates().map((t) => t.pin))) {
        store.deleteTemplates(pin)
      }
    }
  })
  return { returnCode: RETURN_OK }
}
