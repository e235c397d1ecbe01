import { verifyWebhook } from '../webhooks/signature'

/** A request a test receiver got. */
export interface Received {
  headers: Headers
  body: string
  json: { id: string; event: string; createdAt: string; data: Record<string, unknown> }
  /** Whether the signature verified with the receiver's secret */
  verified: boolean
}

/**
 * A real HTTP receiver on 127.0.0.1 (random port) for webhook tests: records what it gets and answers
 * with the status `respond` returns.
 */
export function startReceiver(secret: () => string, respond: () => number = () => 200) {
  const received: Received[] = []
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(req) {
      const body = await req.text()
      const timestamp = Number(req.headers.get('webhook-timestamp'))
      received.push({
        headers: req.headers,
        body,
        json: JSON.parse(body) as Received['json'],
        verified: verifyWebhook(
          secret(),
          timestamp,
          body,
          req.headers.get('webhook-signature') ?? '',
        ),
      })
      return new Response('ok', { status: respond() })
    },
  })
  return {
    url: `http://127.0.0.1:${server.port}/hook`,
    received,
    stop: () => server.stop(true),
  }
}
