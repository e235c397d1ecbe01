import {
  type Field,
  RETURN_BAD_PARAMETER,
  RETURN_OK,
  zkSecondsFromWallClock,
} from '@webroster/protocol'
import { serverOptionKey } from '../store/options'
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
