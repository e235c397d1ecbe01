import type { Socket } from 'bun'
import { type HttpReply, parseResponse } from './http-response'

interface Pending {
  resolve: (reply: HttpReply) => void
  reject: (error: Error) => void
}

/**
 * A keep-alive HTTP/1.1 connection on a raw socket, one request in flight at a time (terminals do
 * not pipeline). Cheaper per request than fetch, so the load generator is not what is measured.
 */
export class HttpConnection {
  private socket: Socket<undefined> | undefined
  private buffer: Uint8Array = new Uint8Array(0)
  private pending: Pending | undefined
  private unsent: Uint8Array | undefined
  closed = false

  private constructor() {}

  /** Connects to host:port. */
  static async open(host: string, port: number): Promise<HttpConnection> {
    const conn = new HttpConnection()
    conn.socket = await Bun.connect({
      hostname: host,
      port,
      socket: {
        data: (_s, data) => conn.onData(data),
        drain: () => conn.flush(),
        close: () => conn.onClose(new Error('connection closed')),
        error: (_s, error) => conn.onClose(error),
      },
    })
    return conn
  }

  /** Sends one complete request and resolves with its response. */
  request(bytes: Uint8Array): Promise<HttpReply> {
    if (this.closed || !this.socket) return Promise.reject(new Error('connection closed'))
    if (this.pending) return Promise.reject(new Error('request already in flight'))
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject }
      this.unsent = bytes
      this.flush()
    })
  }

  close(): void {
    this.closed = true
    this.socket?.end()
  }

  private flush(): void {
    if (!this.unsent || !this.socket) return
    const written = this.socket.write(this.unsent)
    this.unsent = written >= this.unsent.length ? undefined : this.unsent.subarray(written)
  }

  private onData(data: Uint8Array): void {
    if (this.buffer.length === 0) this.buffer = data
    else {
      const joined = new Uint8Array(this.buffer.length + data.length)
      joined.set(this.buffer)
      joined.set(data, this.buffer.length)
      this.buffer = joined
    }
    const reply = parseResponse(this.buffer)
    // copy what is kept: Bun may reuse the chunk it handed us
    if (!reply) {
      if (this.buffer === data) this.buffer = data.slice()
      return
    }
    this.buffer = this.buffer.slice(reply.length)
    const pending = this.pending
    this.pending = undefined
    if (reply.close) this.close()
    pending?.resolve(reply)
  }

  private onClose(error: Error): void {
    this.closed = true
    const pending = this.pending
    this.pending = undefined
    pending?.reject(error)
  }
}
