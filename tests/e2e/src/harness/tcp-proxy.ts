import { createServer, type Server, Socket } from 'node:net'

/** A loopback TCP relay whose link can be cut and restored: a database outage without touching the database. */
export interface TcpProxy {
  port: number
  /** Drops every relayed connection and refuses new ones, as a stopped server would. */
  cut(): Promise<void>
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>
  /**
   * Stops relaying bytes and leaves new connections unanswered, keeping every socket open: a host that went
   * silent (network partition, frozen VM), where nothing is refused and every query just waits.
   */
  stall(): void
  /** Relays again what a stall held back. */
  resume(): void
  close(): Promise<void>
}

interface Pair {
  client: Socket
  upstream: Socket
  connected: boolean
}

/** Starts a relay from a free 127.0.0.1 port to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  const pairs = new Set<Pair>()
  let stalled = false
  const link = (pair: Pair) => {
    pair.client.pipe(pair.upstream)
    pair.upstream.pipe(pair.client)
  }
  const connect = (pair: Pair) => {
    pair.upstream.connect(target.port, target.host, () => {
      pair.connected = true
      if (!stalled) link(pair)
    })
  }
  const relay = (client: Socket) => {
    const upstream = new Socket()
    const pair: Pair = { client, upstream, connected: false }
    sockets.add(client)
    sockets.add(upstream)
    pairs.add(pair)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
      pairs.delete(pair)
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    if (stalled) client.pause()
    else connect(pair)
  }
  let server: Server = createServer(relay)
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        const address = server.address()
        resolve(typeof address === 'object' && address ? address.port : port)
      })
    })
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      sockets.clear()
      pairs.clear()
      if (!server.listening) return resolve()
      server.close(() => resolve())
    })
  const port = await listen(0)
  return {
    port,
    cut: stop,
    async restore() {
      server = createServer(relay)
      await listen(port)
    },
    stall() {
      stalled = true
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream)
        upstream.unpipe(client)
        client.pause()
        upstream.pause()
      }
    },
    resume() {
      stalled = false
      for (const pair of pairs) {
        if (pair.connected) link(pair)
        else if (pair.upstream.connecting) continue
        else connect(pair)
      }
    },
    close: stop,
  }
}
