/**
 * A terminal serial number from its MAC: prefix + the last 6 hex digits, upper case. Accepts `aa:bb:cc:dd:ee:ff`,
 * `aa-bb-cc-dd-ee-ff`, `aabb.ccdd.eeff` or bare hex; throws on anything else.
 * @example serialFromMac('b8:27:eb:1a:2b:3c') // 'WBIO1A2B3C'
 */
export function serialFromMac(mac: string, prefix = 'WBIO'): string {
  const t = mac.trim()
  const ok =
    /^[0-9A-Fa-f]{12}$/.test(t) ||
    /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/.test(t) ||
    /^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/.test(t)
  if (!ok)
    throw new Error(
      `malformed MAC address: ${JSON.stringify(mac)} (expected e.g. aa:bb:cc:dd:ee:ff)`,
    )
  return prefix + t.replace(/[:.-]/g, '').slice(-6).toUpperCase()
}
