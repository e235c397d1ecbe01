import { isIPv4, isIPv6 } from 'node:net'

/** IPv4 ranges that are not the public internet: [first octets, prefix bits]. */
const PRIVATE_V4: ReadonlyArray<readonly [number[], number]> = [
  [[0], 8], // "this network"; 0.0.0.0 reaches the local host
  [[10], 8],
  [[100, 64], 10], // carrier-grade NAT
  [[127], 8],
  [[169, 254], 16], // link-local, and cloud metadata at 169.254.169.254
  [[172, 16], 12],
  [[192, 0, 0], 24],
  [[192, 0, 2], 24],
  [[192, 88, 99], 24],
  [[192, 168], 16],
  [[198, 18], 15],
  [[198, 51, 100], 24],
  [[203, 0, 113], 24],
  [[224], 4], // multicast
  [[240], 4], // reserved, and broadcast
]

function inV4Range(octets: number[], [prefix, bits]: readonly [number[], number]): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const width = Math.min(8, bits - i * 8)
    const mask = (0xff << (8 - width)) & 0xff
    if (((octets[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false
  }
  return true
}

function privateV4(octets: number[]): boolean {
  return PRIVATE_V4.some((range) => inV4Range(octets, range))
}

/** The 8 groups of an IPv6 address (dotted IPv4 tail allowed), or undefined. */
export function ipv6Groups(address: string): number[] | undefined {
  if (!isIPv6(address)) return undefined
  let text = address
  const tail: number[] = []
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted?.[1]) {
    const o = dotted[1].split('.').map(Number)
    tail.push((((o[0] ?? 0) << 8) | (o[1] ?? 0)) >>> 0, (((o[2] ?? 0) << 8) | (o[3] ?? 0)) >>> 0)
    text = text.slice(0, -dotted[1].length)
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1)
  }
  const [head = '', rest] = text.split('::')
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)))
  const left = parse(head)
  const right = [...(rest === undefined ? [] : parse(rest)), ...tail]
  const fill = 8 - left.length - right.length
  const groups =
    rest === undefined ? [...left, ...tail] : [...left, ...Array(fill).fill(0), ...right]
  return groups.length === 8 ? groups : undefined
}

function v4Of(high: number, low: number): number[] {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff]
}

function privateV6(g: number[]): boolean {
  const [a = 0, b = 0, c = 0, d = 0, , f = 0, h = 0, i = 0] = g
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0)
  // ::, ::1 and IPv4-compatible ::a.b.c.d (:: and ::1 fall in 0.0.0.0/8)
  if (zeroTo(6)) return privateV4(v4Of(h, i))
  // IPv4-mapped ::ffff:a.b.c.d: the IPv4 rule decides
  if (zeroTo(5) && f === 0xffff) return privateV4(v4Of(h, i))
  // NAT64 64:ff9b::a.b.c.d, and the local-use NAT64 prefix 64:ff9b:1::/48
  if (a === 0x64 && b === 0xff9b) return c === 1 || privateV4(v4Of(h, i))
  // 6to4 2002:a.b.c.d::/48 carries an IPv4 address
  if (a === 0x2002) return privateV4(v4Of(b, c))
  if (a === 0x100 && b === 0 && c === 0 && d === 0) return true // discard-only
  if (a === 0x2001 && b === 0xdb8) return true // documentation
  if ((a & 0xfe00) === 0xfc00) return true // unique local (fc00::/7)
  if ((a & 0xffc0) === 0xfe80 || (a & 0xffc0) === 0xfec0) return true // link-local, site-local
  if ((a & 0xff00) === 0xff00) return true // multicast
  return false
}

/**
 * Whether an IP address is anything but the public internet: loopback, private, link-local (with cloud metadata),
 * carrier NAT, reserved, multicast, IPv6 ULA and link-local, and IPv4 inside IPv6 (mapped, NAT64, 6to4).
 *
 * @example isPrivateAddress('::ffff:7f00:1') // true
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address
  if (isIPv4(bare)) return privateV4(bare.split('.').map(Number))
  const groups = ipv6Groups(bare)
  // Not an address at all: treat as not public, so nothing unparsed slips through.
  return groups ? privateV6(groups) : true
}
