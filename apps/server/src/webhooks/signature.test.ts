import { Webhook, WebhookVerificationError } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { MAX_ATTEMPTS, retryDelayMs } from './backoff'
import { messageBody, sendWebhook } from './sender'
import { generateWebhookSecret, signWebhook, WEBHOOK_SECRET_PATTERN } from './signature'

describe('webhook signature', () => {
  const body = '{"id":"7","event":"punch"}'
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
  const now = () => Math.floor(Date.now() / 1000)
  const headers = (id: string, timestamp: number, signature: string) => ({
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature,
  })

  it('is what the Standard Webhooks library computes: v1,<base64> over "<id>.<timestamp>.<body>"', () => {
    const expected = new Webhook(secret).sign('7', new Date(1700000000_000), body)
    expect(signWebhook(secret, '7', 1700000000, body)).toBe(expected)
    expect(expected).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/)
  })

  it('verifies with the library, which refuses a changed body, id, timestamp or secret', () => {
    const t = now()
    const sig = signWebhook(secret, '7', t, body)
    const hook = new Webhook(secret)
    expect(hook.verify(body, headers('7', t, sig))).toEqual(JSON.parse(body))
    expect(() => hook.verify(`${body} `, headers('7', t, sig))).toThrow(WebhookVerificationError)
    expect(() => hook.verify(body, headers('8', t, sig))).toThrow(WebhookVerificationError)
    expect(() => hook.verify(body, headers('7', t + 1, sig))).toThrow(WebhookVerificationError)
    const other = new Webhook(generateWebhookSecret())
    expect(() => other.verify(body, headers('7', t, sig))).toThrow(WebhookVerificationError)
  })

  it('generates secrets the library reads, of 32 random bytes, in the form the API accepts', () => {
    const made = generateWebhookSecret()
    expect(made).toMatch(new RegExp(WEBHOOK_SECRET_PATTERN))
    expect(Buffer.from(made.slice('whsec_'.length), 'base64')).toHaveLength(32)
    const t = now()
    expect(() =>
      new Webhook(made).verify(body, headers('1', t, signWebhook(made, '1', t, body))),
    ).not.toThrow()
    expect(generateWebhookSecret()).not.toBe(made)
    for (const refused of ['my-own-secret-123', 'whsec_short', `${made}!`, made.slice(6)]) {
      expect(refused).not.toMatch(new RegExp(WEBHOOK_SECRET_PATTERN))
    }
  })

  it('keeps the key of a secret generated before, in URL-safe base64, as its standard-alphabet twin', () => {
    const old = 'whsec_-_8ILPZIo2LaLaSwMfKQ9r8GKYqrTwjU'
    const twin = `whsec_${old.slice(6).replaceAll('-', '+').replaceAll('_', '/')}`
    const t = now()
    const sig = signWebhook(old, '3', t, body)
    expect(sig).toBe(signWebhook(twin, '3', t, body))
    expect(() => new Webhook(twin).verify(body, headers('3', t, sig))).not.toThrow()
  })

  it('puts several signatures side by side (secret rotation), any of which the library accepts', () => {
    const t = now()
    const newer = generateWebhookSecret()
    const both = `${signWebhook(secret, '5', t, body)} ${signWebhook(newer, '5', t, body)}`
    expect(() => new Webhook(newer).verify(body, headers('5', t, both))).not.toThrow()
  })
})

describe('a delivery on the wire', () => {
  it('verifies with the standardwebhooks library at the receiver, from its headers and raw body', async () => {
    const secret = generateWebhookSecret()
    const outcomes: Array<unknown> = []
    const receiver = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      async fetch(req) {
        try {
          outcomes.push(
            new Webhook(secret).verify(await req.text(), Object.fromEntries(req.headers)),
          )
          return new Response('ok')
        } catch (error) {
          outcomes.push(error)
          return new Response('bad signature', { status: 400 })
        }
      },
    })
    try {
      const message = { id: '42', event: 'punch', createdAt: new Date(), data: { pin: '1' } }
      const outcome = await sendWebhook(
        `http://127.0.0.1:${receiver.port}/hook`,
        secret,
        message,
        new Date(),
        { allowPrivate: true },
      )
      expect(outcome).toEqual({ ok: true, status: 200 })
      expect(outcomes).toEqual([JSON.parse(messageBody(message))])
    } finally {
      await receiver.stop(true)
    }
  })
})

describe('retry backoff', () => {
  it('follows 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h without jitter at the midpoint', () => {
    const delays = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) =>
      retryDelayMs(i + 1, () => 0.5),
    )
    expect(delays).toEqual([10_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000])
  })

  it('jitters within ±20 % and gives up after the last attempt', () => {
    expect(retryDelayMs(1, () => 0)).toBe(8_000)
    expect(retryDelayMs(1, () => 1)).toBe(12_000)
    expect(retryDelayMs(MAX_ATTEMPTS, () => 0.5)).toBeUndefined()
    expect(retryDelayMs(0, () => 0.5)).toBeUndefined()
  })
})
