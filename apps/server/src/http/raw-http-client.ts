import { connect, type Socket } from 'node:net'

/** One HTTP response read off a raw socket. */
export interface RawResponse {
  status: number
  headers: Map<string, string>
  body: string
  /** Status line, headers and body as they came */
  raw: string
}

/**
 * A test client that writes exact bytes on one TCP connection (what old firmware sends, which `fetch` cannot)
 * and reads back whole responses, in order, for keep-alive tests.
 */
export class RawHttpClient {
  private buffer = Buffer.alloc(0)
  private closed = false
  private wake: (() => void) | undefined

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk])
      this.wake?.()
    })
    const end = () => {
      this.closed = true
      this.wake?.()
    }
    socket.on('end', end)
    socket.on('close', end)
    socket.on('error', end)
  }

  /** `localAddress` picks the client's source address (any of 127.0.0.0/8 on Linux loopback). */
  static open(port: number, localAddress?: string): Promise<RawHttpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(
        { port, host: '127.0.0.1', noDelay: true, ...(localAddress ? { localAddress } : {}) },
        () => resolve(new RawHttpClient(socket)),
      )
      socket.once('error', reject)
    })
  }

  /** Writes the pieces one after another, pausing between them so each can arrive as its own packet. */
  async send(...pieces: Array<string | Uint8Array>): Promise<void> {
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0) await Bun.sleep(30)
      const piece = pieces[i] ?? ''
      await new Promise<void>((resolve, reject) =>
        this.socket.write(piece, (e) => (e ? reject(e) : resolve())),
      )
    }
  }

  /** The next complete response (Content-Length bodies, or to the end of the connection). */
  async read(timeoutMs = 5_000): Promise<RawResponse> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const parsed = this.take()
      if (parsed) return parsed
      if (this.closed) {
        if (this.buffer.length === 0) throw new Error('connection closed before a response')
        const raw = this.buffer.toString('latin1')
        this.buffer = Buffer.alloc(0)
        return parse(raw, raw.indexOf('\r\n\r\n'), raw.length)
      }
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no complete response: ${this.buffer.toString('latin1')}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.wake = undefined
    }
  }

  /** Whether the server closed the connection (waits up to `timeoutMs`). */
  async closedByServer(timeoutMs = 2_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (!this.closed && Date.now() < deadline) await Bun.sleep(20)
    return this.closed
  }

  close(): void {
    this.socket.destroy()
  }

  private take(): RawResponse | undefined {
    const text = this.buffer.toString('latin1')
    const headEnd = text.indexOf('\r\n\r\n')
    if (headEnd < 0) return undefined
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, headEnd))?.[1]
    if (length === undefined) return undefined
    const end = headEnd + 4 + Number(length)
    if (text.length < end) return undefined
    this.buffer = this.buffer.subarray(end)
    return parse(text.slice(0, end), headEnd, end)
  }
}

function parse(raw: string, headEnd: number, end: number): RawResponse {
  const head = headEnd < 0 ? raw : raw.slice(0, headEnd)
  const [statusLine = '', ...lines] = head.split('\r\n')
  const headers = new Map<string, string>()
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: headEnd < 0 ? '' : Buffer.from(raw.slice(headEnd + 4, end), 'latin1').toString('utf8'),
    raw,
  }
}

/** Sends one request on a fresh connection and reads one response. */
export async function rawRequest(port: number, request: string): Promise<RawResponse> {
  const client = await RawHttpClient.open(port)
  try {
    await client.send(request)
    return await client.read()
  } finally {
    client.close()
  }
}
