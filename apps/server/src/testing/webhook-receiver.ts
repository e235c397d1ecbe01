import { Webhook } from 'standardwebhooks'

/** A request a test receiver got. */
export interface Received {
  headers: Headers
  body: string
  json: { id: string; event: string; createdAt: string; data: Record<string, unknown> }
  /** Whether the `standardwebhooks` library found the signature right for the receiver's secret */
  verified: boolean
}

/**
 * Whether a delivery's signature is one the Standard Webhooks library computes. Its `verify` also refuses
 * timestamps 5 minutes from the wall clock, which tests that move the server's clock pass on purpose.
 */
function standardSignature(secret: string, headers: Headers, body: string): boolean {
  try {
    const id = headers.get('webhook-id') ?? ''
    const timestamp = new Date(Number(headers.get('webhook-timestamp')) * 1000)
    const expected = new Webhook(secret).sign(id, timestamp, body)
    return (headers.get('webhook-signature') ?? '').split(' ').includes(expected)
  } catch {
    return false
  }
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
      received.push({
        headers: req.headers,
        body,
        json: JSON.parse(body) as Received['json'],
        verified: standardSignature(secret(), req.headers, body),
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
