import type { Server, Socket, TCPSocketListener } from 'bun'
import { rememberClientAddress } from './client-address'
import { takeRequestHead } from './request-line'
import { type FetchApp, serveApp } from './serve-app'

/** A request head longer than this is refused (Bun's own limit on PORT is of the same order). */
const MAX_HEAD_BYTES = 64 * 1024
/** Seconds a connection may stay silent, as Bun.serve's idle timeout on PORT. */
const IDLE_SECONDS = 30

const HEAD_TOO_LARGE =
  'HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'

export interface LegacyListenerOptions {
  port: number
  hostname: string
  maxRequestBodySize?: number
}

export interface LegacyListener {
  port: number
  stop(): Promise<void>
}

/** Writes to a socket in order, keeping what the socket could not take until it drains. */
class Outbound {
  private queue: Uint8Array[] = []
  private queued = 0
  socket: Socket<Connection> | undefined

  /** `limit`: bytes that may wait at most; past it the sender is too far ahead and is cut off. */
  constructor(private readonly limit: number) {}

  /** False when more than `limit` bytes would wait. */
  send(bytes: Uint8Array): boolean {
    if (bytes.length === 0) return true
    if (!this.socket || this.queue.length > 0) return this.hold(bytes)
    const written = this.socket.write(bytes)
    return written < 0 || written === bytes.length ? true : this.hold(bytes.subarray(written))
  }

  private hold(bytes: Uint8Array): boolean {
    // Bun may reuse the buffer it handed to `data`: keep a copy of anything that waits.
    this.queue.push(bytes.slice())
    this.queued += bytes.length
    return this.queued <= this.limit
  }

  /** Sends what waited; true when nothing is left. */
  flush(): boolean {
    const socket = this.socket
    if (!socket) return this.queue.length === 0
    while (this.queue.length > 0) {
      const next = this.queue[0] as Uint8Array
      const written = socket.write(next)
      if (written < 0) return false
      this.queued -= written
      if (written < next.length) {
        this.queue[0] = next.subarray(written)
        return false
      }
      this.queue.shift()
    }
    return true
  }

  get idle(): boolean {
    return this.queue.length === 0
  }
}

/** One terminal's connection and the one it is forwarded on. */
interface Connection {
  client: Socket<Connection>
  toServer: Outbound
  toClient: Outbound
  /** Client bytes of a request head not yet complete */
  pending: Uint8Array
  /** Body bytes of the current request still to pass */
  bodyLeft: number
  /** After a body the listener cannot measure (chunked), the rest of the connection passes unread */
  passThrough: boolean
  closing: boolean
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

/** Cuts the client's bytes into requests, repairs each request line, and forwards them; false: cut it off. */
function fromClient(conn: Connection, chunk: Uint8Array): boolean {
  if (conn.passThrough) return conn.toServer.send(chunk)
  let data = chunk
  while (data.length > 0) {
    if (conn.bodyLeft > 0) {
      const n = Math.min(conn.bodyLeft, data.length)
      if (!conn.toServer.send(data.subarray(0, n))) return false
      conn.bodyLeft -= n
      data = data.subarray(n)
      continue
    }
    let buffer = concat(conn.pending, data)
    // Blank lines between requests are allowed and carry nothing.
    let skip = 0
    while (skip < buffer.length && (buffer[skip] === 0x0d || buffer[skip] === 0x0a)) skip++
    buffer = buffer.subarray(skip)
    const taken = takeRequestHead(buffer)
    if (!taken) {
      if (buffer.length > MAX_HEAD_BYTES) {
        conn.closing = true
        conn.client.end(HEAD_TOO_LARGE)
        return true
      }
      conn.pending = buffer.slice()
      return true
    }
    conn.pending = new Uint8Array(0)
    if (!conn.toServer.send(taken.head.head)) return false
    data = buffer.subarray(taken.consumed)
    if (taken.head.body === 'unframed') {
      conn.passThrough = true
      return conn.toServer.send(data)
    }
    conn.bodyLeft = taken.head.body
  }
  return true
}

/**
 * A listener for firmware whose request lines Bun.serve refuses (raw spaces in the query: `INFO=Ver 6.39 Apr 28
 * 2008`, answered 505 before any app code runs). Below HTTP it repairs each request line of each keep-alive
 * request and forwards the bytes, unchanged otherwise, to an internal Bun.serve of the same app on loopback.
 * That server learns each request's real client address from the port the listener connected from, so nothing
 * a client sends can claim an address.
 */
export async function startLegacyListener(
  app: FetchApp,
  options: LegacyListenerOptions,
): Promise<LegacyListener> {
  /** Local port of each forwarding connection → the terminal's address */
  const peers = new Map<number, string>()
  const internal: Server<undefined> = serveApp(app, {
    port: 0,
    hostname: '127.0.0.1',
    ...(options.maxRequestBodySize !== undefined
      ? { maxRequestBodySize: options.maxRequestBodySize }
      : {}),
    accept(request, server) {
      const from = server.requestIP(request)
      rememberClientAddress(request, from ? peers.get(from.port) : undefined)
      return request
    },
  })
  const internalPort = internal.port ?? 0
  // A client may run this far ahead of the server (a whole body and a head) before it is cut off.
  const backlog = (options.maxRequestBodySize ?? 128 * 1024 * 1024) + MAX_HEAD_BYTES

  const closeBoth = (conn: Connection) => {
    conn.closing = true
    conn.toServer.socket?.end()
    conn.client.end()
  }

  const listener: TCPSocketListener<Connection> = Bun.listen<Connection>({
    hostname: options.hostname,
    port: options.port,
    socket: {
      open(client) {
        const conn: Connection = {
          client,
          toServer: new Outbound(backlog),
          // A client that sends requests but never reads the replies is cut off the same way.
          toClient: new Outbound(backlog),
          pending: new Uint8Array(0),
          bodyLeft: 0,
          passThrough: false,
          closing: false,
        }
        conn.toClient.socket = client
        client.data = conn
        client.timeout(IDLE_SECONDS)
        Bun.connect<Connection>({
          hostname: '127.0.0.1',
          port: internalPort,
          data: conn,
          socket: {
            open(server) {
              peers.set(server.localPort, client.remoteAddress)
              conn.toServer.socket = server
              if (conn.toServer.flush() && conn.closing) server.end()
            },
            data(server, chunk) {
              if (!conn.toClient.send(chunk)) {
                conn.closing = true
                server.terminate()
                client.terminate()
              }
            },
            drain() {
              conn.toServer.flush()
            },
            close(server) {
              peers.delete(server.localPort)
              conn.closing = true
              if (conn.toClient.idle) client.end()
            },
            connectError() {
              client.end()
            },
            error() {},
          },
        }).catch(() => client.end())
      },
      data(client, chunk) {
        const conn = client.data
        if (!conn.closing && !fromClient(conn, chunk)) {
          conn.closing = true
          client.terminate()
          conn.toServer.socket?.terminate()
        }
      },
      drain(client) {
        const conn = client.data
        if (conn.toClient.flush() && conn.closing) client.end()
      },
      timeout(client) {
        closeBoth(client.data)
      },
      end(client) {
        closeBoth(client.data)
      },
      close(client) {
        closeBoth(client.data)
      },
      error() {},
    },
  })

  return {
    port: listener.port,
    async stop() {
      listener.stop(true)
      await internal.stop(true)
    },
  }
}
