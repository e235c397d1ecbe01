import type { NetworkInterfaceInfo } from 'node:os'

/** WBIO + the last 6 hex digits of a MAC, upper case: the serial shape the old terminals used. */
export function serialFromMac(mac: string): string {
  const hex = mac.replace(/[^0-9a-f]/gi, '')
  if (hex.length !== 12 || /^0+$/.test(hex)) throw new RangeError(`not a usable MAC: ${mac}`)
  return `WBIO${hex.slice(-6).toUpperCase()}`
}

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
