import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Webhook signing scheme. Every delivery carries three headers:
 * - `webhook-id`: the delivery id (stable across retries: receivers dedupe on it),
 * - `webhook-timestamp`: Unix seconds when this attempt was sent,
 * - `webhook-signature`: `v1=<hex HMAC-SHA256(secret, "<webhook-timestamp>.<raw body>")>`.
 * Receivers recompute the HMAC over the raw body, compare in constant time, and reject timestamps
 * far from their clock (replays).
 */
export const SIGNATURE_VERSION = 'v1'

/**
 * The `webhook-signature` header value for a body sent at `timestamp` (Unix seconds).
 * @example signWebhook('s3cret', 1700000000, '{"id":"1"}') // 'v1=…64 hex…'
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return `${SIGNATURE_VERSION}=${mac}`
}

/**
 * Checks a `webhook-signature` header (possibly several space-separated signatures, for secret rotation).
 * @example verifyWebhook('s3cret', 1700000000, body, signWebhook('s3cret', 1700000000, body)) // true
 */
export function verifyWebhook(
  secret: string,
  timestamp: number,
  body: string,
  header: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body))
  return header.split(' ').some((candidate) => {
    const got = Buffer.from(candidate.trim())
    return got.length === expected.length && timingSafeEqual(got, expected)
  })
}
