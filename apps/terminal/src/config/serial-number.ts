import type { NetworkInterfaceInfo } from 'node:os'
import { serialFromMac } from '@webroster/protocol'

/** The MAC of the first non-loopback interface that has a real one, in name order. */
export function firstMac(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string | undefined {
  for (const name of Object.keys(interfaces).sort()) {
    for (const info of interfaces[name] ?? []) {
      if (!info.internal && info.mac && !/^(00:){5}00$/.test(info.mac)) return info.mac
    }
  }
  return undefined
}

/**
 * The terminal's serial number: the override if set, else derived from the MAC. Never empty:
 * the old terminal sent `SN=None` when its derivation failed, so here it is a start-up error.
 */
export function resolveSerialNumber(
  override: string | undefined,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): string {
  if (override !== undefined && override.trim() !== '') {
    const sn = override.trim()
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(sn)) {
      throw new Error(
        `TERMINAL_SN must be 1-32 letters, digits, '-' or '_', got ${JSON.stringify(sn)}`,
      )
    }
    return sn
  }
  const mac = firstMac(interfaces)
  if (!mac) {
    throw new Error(
      'cannot derive the serial number: no network interface with a MAC; set TERMINAL_SN',
    )
  }
  return serialFromMac(mac)
}
