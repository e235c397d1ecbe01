import { BlockList, isIPv4, isIPv6 } from 'node:net'

/** `::ffff:10.0.0.1` is the IPv4 client 10.0.0.1 on a dual-stack socket. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  return mapped?.[1] ?? address
}

/** Proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`: addresses and CIDR ranges). */
export class TrustedProxies {
  private readonly list = new BlockList()
  readonly empty: boolean

  /** `entries` were validated by the configuration (`TRUSTED_PROXIES`). */
  constructor(entries: readonly string[]) {
    this.empty = entries.length === 0
    for (const entry of entries) {
      const [address = '', prefix] = entry.split('/')
      const type = isIPv4(address) ? 'ipv4' : 'ipv6'
      if (prefix === undefined) this.list.addAddress(address, type)
      else this.list.addSubnet(address, Number(prefix), type)
    }
  }

  has(address: string): boolean {
    if (this.empty) return false
    const a = plain(address)
    if (isIPv4(a)) return this.list.check(a, 'ipv4')
    return isIPv6(a) && this.list.check(a, 'ipv6')
  }

  /**
   * The client a request stands for: the socket's address, unless that is a trusted proxy, in which case the
   * nearest `X-Forwarded-For` hop that is not itself a trusted proxy (anything further left is client-written).
   */
  clientOf(socket: string | undefined, forwardedFor: string | null): string | undefined {
    if (!socket || !forwardedFor || !this.has(socket)) return socket && plain(socket)
    const hops = forwardedFor
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h !== '')
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = plain(hops[i] ?? '')
      if (!isIPv4(hop) && !isIPv6(hop)) return plain(socket)
      if (!this.has(hop)) return hop
    }
    return plain(socket)
  }
}
