import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { isPrivateAddress } from './private-address'

/** Resolves a hostname to all its addresses (injectable so tests can change what a name resolves to). */
export type Resolve = (hostname: string) => Promise<string[]>

/** What decides whether a webhook may be sent to a host. */
export interface DestinationRule {
  /** WEBHOOK_ALLOW_PRIVATE: loopback, private and link-local receivers are allowed */
  allowPrivate: boolean
  resolve?: Resolve
}

/** A name that does not resolve within this long is left to the delivery, which checks again. */
const RESOLVE_TIMEOUT_MS = 2_000

const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address)

async function addressesOf(hostname: string, resolve: Resolve): Promise<string[]> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<string[]>((done) => {
    timer = setTimeout(() => done([]), RESOLVE_TIMEOUT_MS)
  })
  try {
    return await Promise.race([resolve(hostname).catch(() => []), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Why a webhook may not be sent to this URL, or undefined when it may: a receiver on loopback, a private or
 * link-local network or a cloud metadata address is refused unless the operator allows private receivers.
 * Hostnames are resolved and every address checked, on create and update and again before each delivery, since
 * DNS can change. The URL parser has already turned `2130706433`, `0x7f.1` and `0177.0.0.1` into `127.0.0.1`.
 */
export async function refusedDestination(
  url: URL,
  rule: DestinationRule,
): Promise<string | undefined> {
  if (rule.allowPrivate) return undefined
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
  const name = host.toLowerCase().replace(/\.$/, '')
  // The address a name resolved to is not repeated: it would tell callers about the internal network.
  const refused =
    `${url.hostname} is or resolves to a private, loopback or link-local address; ` +
    'set WEBHOOK_ALLOW_PRIVATE=true to allow such receivers'
  if (name === 'localhost' || name.endsWith('.localhost')) return refused
  if (isIP(host)) return isPrivateAddress(host) ? refused : undefined
  const addresses = await addressesOf(host, rule.resolve ?? systemResolve)
  return addresses.some(isPrivateAddress) ? refused : undefined
}
