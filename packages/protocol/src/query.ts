/** A device request as the server sees it: which endpoint, and the query parameters firmware sends. */
export interface DeviceRequest {
  /** `cdata`, `getrequest`, `devicecmd`, `ping`, `rtdata`, `querydata`, `registry`, `push`, `fdata`, `exchange`, `file`, `upload-log`, or the raw name */
  endpoint: string
  /** the optional path segment between `/iclock/` and the endpoint (`/iclock/<token>/cdata`) */
  pathToken?: string
  sn?: string
  table?: string
  stamp?: string
  opStamp?: string
  photoStamp?: string
  options?: string
  pushver?: string
  language?: string
  deviceType?: string
  pushOptionsFlag?: string
  pushCommKey?: string
  info?: string
  type?: string
  tableName?: string
  /** every parameter as received (decoded), first occurrence wins */
  params: Record<string, string>
}

const KNOWN_ENDPOINTS = new Set([
  'cdata',
  'getrequest',
  'devicecmd',
  'ping',
  'rtdata',
  'querydata',
  'registry',
  'push',
  'fdata',
  'exchange',
  'file',
  'upload-log',
])

const utf8 = new TextEncoder()

/**
 * Percent-decodes leniently: `+` is a space, a `%` not followed by two hex digits stays literal, and invalid UTF-8
 * becomes U+FFFD instead of throwing.
 * @example decodeQueryComponent('disk=23%&INFO=Ver%206.39') // 'disk=23%&INFO=Ver 6.39'
 */
export function decodeQueryComponent(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else if (c === '+') bytes.push(0x20)
    else {
      const cp = text.codePointAt(i) as number
      const ch = String.fromCodePoint(cp)
      bytes.push(...utf8.encode(ch))
      i += ch.length - 1
    }
  }
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes))
}

function splitPathAndQuery(url: string | URL): [string, string] {
  if (url instanceof URL) return [url.pathname, url.search.slice(1)]
  const noOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i, '')
  const q = noOrigin.indexOf('?')
  return q < 0 ? [noOrigin, ''] : [noOrigin.slice(0, q), noOrigin.slice(q + 1)]
}

/**
 * Parses a device request URL leniently (any param order, `SN` or `sn`, raw spaces, stray `%`, `.aspx` suffix).
 * @example parseDeviceRequest('/iclock/cdata.aspx?SN=A1&table=ATTLOG&Stamp=9999').table // 'ATTLOG'
 */
export function parseDeviceRequest(url: string | URL): DeviceRequest {
  const [path, query] = splitPathAndQuery(url)
  const segments = path.split('/').filter((s) => s !== '')
  const at = segments.findIndex((s) => s.toLowerCase() === 'iclock')
  const rest = at >= 0 ? segments.slice(at + 1) : segments
  const rawEndpoint = decodeQueryComponent(rest[rest.length - 1] ?? '').replace(/\.aspx$/i, '')
  const endpoint = KNOWN_ENDPOINTS.has(rawEndpoint.toLowerCase())
    ? rawEndpoint.toLowerCase()
    : rawEndpoint
  const params: Record<string, string> = {}
  const lower = new Map<string, string>()
  for (const part of query.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const key = decodeQueryComponent(eq < 0 ? part : part.slice(0, eq))
    const value = eq < 0 ? '' : decodeQueryComponent(part.slice(eq + 1))
    // defineProperty so a `__proto__` parameter is stored as data, not as the prototype.
    if (!Object.hasOwn(params, key)) {
      Object.defineProperty(params, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    if (!lower.has(key.toLowerCase())) lower.set(key.toLowerCase(), value)
  }
  const req: DeviceRequest = { endpoint, params }
  if (rest.length > 1) req.pathToken = decodeQueryComponent(rest.slice(0, -1).join('/'))
  const fields: Array<[keyof DeviceRequest, string]> = [
    ['sn', 'sn'],
    ['table', 'table'],
    ['stamp', 'stamp'],
    ['opStamp', 'opstamp'],
    ['photoStamp', 'photostamp'],
    ['options', 'options'],
    ['pushver', 'pushver'],
    ['language', 'language'],
    ['deviceType', 'devicetype'],
    ['pushOptionsFlag', 'pushoptionsflag'],
    ['pushCommKey', 'pushcommkey'],
    ['info', 'info'],
    ['type', 'type'],
    ['tableName', 'tablename'],
  ]
  const target = req as unknown as Record<string, string>
  for (const [prop, key] of fields) {
    const v = lower.get(key)
    if (v !== undefined) target[prop] = v
  }
  return req
}

/**
 * Whether the request is the initialisation handshake (`GET /iclock/cdata?…&options=all`).
 * @example isHandshake(parseDeviceRequest('/iclock/cdata?SN=A1&options=all')) // true
 */
export function isHandshake(req: DeviceRequest, method = 'GET'): boolean {
  return (
    method.toUpperCase() === 'GET' &&
    req.endpoint === 'cdata' &&
    req.options?.trim().toLowerCase() === 'all'
  )
}
