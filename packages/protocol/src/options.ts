const KEY_START = /^\s*~?[A-Za-z_][\w.~-]*=/

function put(map: Record<string, string>, key: string, value: string): void {
  // defineProperty so a `__proto__` key is stored as data, not as the prototype.
  if (!Object.hasOwn(map, key)) {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true })
  }
}

/**
 * Parses a device parameter body (`table=options`, `/iclock/registry`): `k=v,k=v` where values may hold commas and
 * spaces (a comma splits only when a `key=` follows), keys may start with `~`; LF also separates; first key wins.
 * @example parseOptionsBody('~OEMVendor=ZKTECO CO., LTD.,MAC=00:17') // { '~OEMVendor': 'ZKTECO CO., LTD.', MAC: '00:17' }
 */
export function parseOptionsBody(body: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const rawLine of body.split('\n')) {
    const line = rawLine.replace(/\r$/, '')
    if (line.trim() === '') continue
    const items: string[] = []
    for (const token of line.split(',')) {
      if (items.length === 0 || KEY_START.test(token)) items.push(token)
      else items[items.length - 1] += `,${token}`
    }
    for (const item of items) {
      const eq = item.indexOf('=')
      const key = (eq < 0 ? item : item.slice(0, eq)).trim()
      if (key === '' && eq < 0) continue
      put(out, key, eq < 0 ? '' : item.slice(eq + 1))
    }
  }
  return out
}

/**
 * Formats parameters as one `k=v,k=v` line (the device's own shape). Throws RangeError on a line break.
 * @example formatOptionsBody({ DeviceName: 'F22', MAC: '00:17:61' }) // 'DeviceName=F22,MAC=00:17:61'
 */
export function formatOptionsBody(map: Record<string, string>): string {
  const body = Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
  if (/[\r\n]/.test(body)) throw new RangeError('option values must not contain line breaks')
  return body
}

/**
 * The name of a device parameter: firmware marks read-only ones with `~` (`~DeviceName`), which is not part of
 * the name (the same parameter is `DeviceName` in other replies and documents).
 * @example optionName('~DeviceName') // 'DeviceName'
 */
export function optionName(key: string): string {
  return key.startsWith('~') ? key.slice(1) : key
}

/**
 * The parameters under their names (see `optionName`); when a name comes both with and without `~`, the first wins.
 * @example withOptionNames({ '~DeviceName': 'F22', MAC: '00:17' }) // { DeviceName: 'F22', MAC: '00:17' }
 */
export function withOptionNames(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(map)) put(out, optionName(key), value)
  return out
}
