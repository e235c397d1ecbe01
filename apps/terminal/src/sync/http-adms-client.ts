import {
  type AdmsClient,
  type AdmsReply,
  AdmsTransportError,
  type UploadTable,
} from './adms-client'

/** The subset of `fetch` the client uses, so tests can hand in `app.handle`. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export interface HttpAdmsClientOptions {
  /** Server origin, e.g. `http://10.0.0.5:8081` (no trailing slash needed). */
  serverUrl: string
  sn: string
  /** Applied to every request, including reading the body. */
  timeoutMs: number
  /** Sent as `User-Agent: Webroster-Terminal/<version>`. */
  version: string
  fetch?: FetchLike
}

/** Handshake parameters of an Attendance PUSH 2.4.1 terminal with an English UI. */
const HANDSHAKE_QUERY = {
  options: 'all',
  pushver: '2.4.1',
  language: '69',
  DeviceType: 'att',
  PushOptionsFlag: '1',
} as const

/**
 * The PUSH client over `fetch`. Uploads carry no Content-Type, as real firmware sends them, so
 * the server is exercised the way a ZKTeco unit exercises it. Query strings go through
 * URLSearchParams: the old terminal sent raw spaces and `%`.
 */
export function createHttpAdmsClient(options: HttpAdmsClientOptions): AdmsClient {
  const base = options.serverUrl.replace(/\/+$/, '')
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init))
  const userAgent = `Webroster-Terminal/${options.version}`

  const url = (path: string, query: Readonly<Record<string, string>>): string =>
    `${base}${path}?${new URLSearchParams({ SN: options.sn, ...query }).toString()}`

  const request = async (
    target: string,
    init: { method: 'GET' | 'POST'; body?: BodyInit },
    signal: AbortSignal | undefined,
  ): Promise<AdmsReply> => {
    const timeout = AbortSignal.timeout(options.timeoutMs)
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout
    try {
      const res = await doFetch(target, {
        ...init,
        headers: { 'user-agent': userAgent, accept: '*/*' },
        signal: combined,
      })
      // Reading the body is part of the request: a server that stalls mid-body times out too.
      const body = await res.text()
      return { status: res.status, body, date: res.headers.get('date') }
    } catch (error) {
      const timedOut = timeout.aborted && !signal?.aborted
      const what = timedOut ? `timed out after ${options.timeoutMs} ms` : describe(error)
      throw new AdmsTransportError(`${init.method} ${pathOf(target)}: ${what}`, timedOut, {
        cause: error,
      })
    }
  }

  return {
    handshake: (signal) =>
      request(url('/iclock/cdata', HANDSHAKE_QUERY), { method: 'GET' }, signal),
    upload: (table: UploadTable, body, stamp, signal) =>
      request(
        url('/iclock/cdata', { table, Stamp: stamp }),
        { method: 'POST', body: new TextEncoder().encode(body) },
        signal,
      ),
    getRequest: (query, signal) =>
      request(url('/iclock/getrequest', query), { method: 'GET' }, signal),
    postResults: (body, signal) =>
      request(
        url('/iclock/devicecmd', {}),
        { method: 'POST', body: new TextEncoder().encode(body) },
        signal,
      ),
    uploadLog: (fileName, content, signal) => {
      const form = new FormData()
      form.set('sn', options.sn)
      form.set('file', new Blob([new Uint8Array(content)], { type: 'text/plain' }), fileName)
      return request(`${base}/iclock/upload-log`, { method: 'POST', body: form }, signal)
    },
  }
}

const pathOf = (target: string): string =>
  target.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? ''

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message
  }
  return String(error)
}
