import { createHmac, randomBytes } from 'node:crypto'

/**
 * Webhook signing as Standard Webhooks defines it, so a receiver verifies deliveries with any of its libraries
 * (`standardwebhooks` on npm, PyPI, …). Every delivery carries three headers:
 * - `webhook-id`: the delivery id (stable across retries: receivers dedupe on it),
 * - `webhook-timestamp`: Unix seconds when this attempt was sent,
 * - `webhook-signature`: `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`,
 * where the key is the bytes whose base64 follows `whsec_` in the secret.
 */
export const SIGNATURE_VERSION = 'v1'

const SECRET_PREFIX = 'whsec_'

/** A webhook secret: `whsec_` and the base64 of 24–64 key bytes, the form the standard's libraries read. */
export const WEBHOOK_SECRET_PATTERN =
  '^whsec_(?:[A-Za-z0-9+/]{4}){8,21}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$'

/**
 * A new random secret (32 key bytes).
 * @example generateWebhookSecret() // 'whsec_…44 base64 characters…'
 */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`
}

/**
 * The HMAC key of a secret. Node also reads the URL-safe base64 of secrets generated before the standard was
 * followed, so their deliveries keep the same key.
 */
function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret
  return Buffer.from(encoded, 'base64')
}

/**
 * The `webhook-signature` header value for delivery `id` with `body`, sent at `timestamp` (Unix seconds).
 * @example signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '7', 1700000000, '{"id":"7"}') // 'v1,…base64…'
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`)
  return `${SIGNATURE_VERSION},${mac.digest('base64')}`
}
