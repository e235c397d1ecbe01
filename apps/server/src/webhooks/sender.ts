import { type DestinationRule, refusedDestination } from './destination'
import type { AttemptOutcome } from './outbox'
import { signWebhook } from './signature'
import { redactCredentials } from './url-credentials'

/** Per-request timeout: a slow receiver costs one worker slot for at most this long. */
export const SEND_TIMEOUT_MS = 5_000

/** What goes on the wire for one delivery. */
export interface WebhookMessage {
  id: string
  event: string
  createdAt: Date
  data: Record<string, unknown>
}

/** The JSON body: identical on every retry of a delivery, so receivers can dedupe on `id`. */
export function messageBody(m: WebhookMessage): string {
  return JSON.stringify({
    id: m.id,
    event: m.event,
    createdAt: m.createdAt.toISOString(),
    data: m.data,
  })
}

/**
 * POSTs a signed message; any 2xx is success. Redirects are not followed (a 3xx counts as a failure),
 * so a signed body is never replayed to a host the webhook's owner did not name. The destination rule is
 * checked again right before each send: the name may resolve elsewhere than when the webhook was saved.
 */
export async function sendWebhook(
  url: string,
  secret: string,
  message: WebhookMessage,
  now: Date,
  rule: DestinationRule,
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<AttemptOutcome> {
  const body = messageBody(message)
  const timestamp = Math.floor(now.getTime() / 1000)
  try {
    const refused = await refusedDestination(new URL(url), rule)
    if (refused) return { ok: false, error: `not sent: ${refused}` }
    const res = await fetch(url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Webroster-Webhooks/1',
        'webhook-id': message.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(secret, message.id, timestamp, body),
      },
    })
    // Drain so the connection can be reused; the content does not matter.
    await res.arrayBuffer().catch(() => undefined)
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status }
    return { ok: false, status: res.status, error: `HTTP ${res.status}` }
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError'
    return {
      ok: false,
      error: timedOut
        ? `timed out after ${timeoutMs} ms`
        : redactCredentials(error instanceof Error ? error.message : String(error)),
    }
  }
}
