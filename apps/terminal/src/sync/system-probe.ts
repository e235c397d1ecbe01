import { readFileSync, statfsSync } from 'node:fs'
import { freemem, networkInterfaces, totalmem, uptime } from 'node:os'

/** Host facts reported as telemetry; each may be unknown on a given machine. */
export interface SystemFacts {
  ip: string
  /** CPU temperature in °C, one decimal. */
  temperatureC: number | undefined
  uptimeSeconds: number
  /** Percent of the data disk in use. */
  diskPercent: number | undefined
  memPercent: number
}

export interface SystemProbe {
  read(): SystemFacts
}

/** First non-internal IPv4 address: the one the server sees on a LAN. */
function firstIpv4(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  }
  return '127.0.0.1'
}

function cpuTemperature(): number | undefined {
  try {
    const milli = Number(readFileSync('/sys/class/thermal/thermal_zone0/temp', 'utf8').trim())
    return Number.isFinite(milli) ? Math.round(milli / 100) / 10 : undefined
  } catch {
    return undefined
  }
}

function diskPercent(path: string): number | undefined {
  try {
    const s = statfsSync(path)
    const total = Number(s.blocks)
    return total > 0 ? Math.round((100 * (total - Number(s.bfree))) / total) : undefined
  } catch {
    return undefined
  }
}

/** Reads the real host: thermal zone 0, the data directory's file system, os memory and uptime. */
export function createSystemProbe(dataDir: string): SystemProbe {
  return {
    read: () => ({
      ip: firstIpv4(),
      temperatureC: cpuTemperature(),
      uptimeSeconds: Math.round(uptime()),
      diskPercent: diskPercent(dataDir),
      memPercent: Math.round((100 * (totalmem() - freemem())) / totalmem()),
    }),
  }
}
