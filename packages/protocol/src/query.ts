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

/** The index where the path of an absolute or origin-relative URL begins (after `scheme://authority`). */
function pathStart(url: string): number {
  const scheme = url.indexOf('://')
  // A scheme is letters first, then letters, digits, `+`, `-` or `.`; anything else before `://` is path.
  if (scheme <= 0 || !/^[a-z][a-z0-9+.-]*$/i.test(url.slice(0, scheme))) return 0
  for (let i = scheme + 3; i < url.length; i++) {
    const c = url.charCodeAt(i)
    if (c === 47 || c === 63) return i // '/' or '?'
  }
  return url.length
}

function splitPathAndQuery(url: string | URL): [string, string] {
  if (url instanceof URL) return [url.pathname, url.search.slice(1)]
  const start = pathStart(url)
  const q = url.indexOf('?', start)
  return q < 0 ? [url.slice(start), ''] : [url.slice(start, q), url.slice(q + 1)]
}

/** The named fields of a `DeviceRequest` and the parameter (lower case) each is read from. */
const FIELDS: ReadonlyArray<readonly [keyof DeviceRequest, string]> = [
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

/** The endpoint name: the last path segment, `.aspx` dropped, known names in lower case. */
function endpointOf(segment: string): string {
  const raw = decodeQueryComponent(segment).replace(/\.aspx$/i, '')
  const lower = raw.toLowerCase()
  return KNOWN_ENDPOINTS.has(lower) ? lower : raw
}

/**
 * Parses a device request URL leniently (any param order, `SN` or `sn`, raw spaces, stray `%`, `.aspx` suffix).
 * Pass the request's URL string: it is read as sent, without building a `URL` (this runs for every poll).
 * @example parseDeviceRequest('/iclock/cdata.aspx?SN=A1&table=ATTLOG&Stamp=9999').table // 'ATTLOG'
 */
export function parseDeviceRequest(url: string | URL): DeviceRequest {
  const [path, query] = splitPathAndQuery(url)
  const segments = path.split('/').filter((s) => s !== '')
  const at = segments.findIndex((s) => s.toLowerCase() === 'iclock')
  const rest = at >= 0 ? segments.slice(at + 1) : segments
  // No prototype: a `__proto__` or `constructor` parameter is plain data.
  const params = Object.create(null) as Record<string, string>
  const lower = new Map<string, string>()
  let from = 0
  while (from <= query.length) {
    let end = query.indexOf('&', from)
    if (end < 0) end = query.length
    if (end > from) {
      const part = query.slice(from, end)
      const eq = part.indexOf('=')
      const key = decodeQueryComponent(eq < 0 ? part : part.slice(0, eq))
      const value = eq < 0 ? '' : decodeQueryComponent(part.slice(eq + 1))
      if (!(key in params)) params[key] = value
      const low = key.toLowerCase()
      if (!lower.has(low)) lower.set(low, value)
    }
    from = end + 1
  }
  const req: DeviceRequest = { endpoint: endpointOf(rest[rest.length - 1] ?? ''), params }
  if (rest.length > 1) req.pathToken = decodeQueryComponent(rest.slice(0, -1).join('/'))
  const target = req as unknown as Record<string, string>
  for (const [prop, key] of FIELDS) {
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
