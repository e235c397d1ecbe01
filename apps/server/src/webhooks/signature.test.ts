import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MAX_ATTEMPTS, retryDelayMs } from './backoff'
import { signWebhook, verifyWebhook } from './signature'

describe('webhook signature', () => {
  const body = '{"id":"7","event":"punch"}'

  it('is v1= hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', 'topsecret').update(`1700000000.${body}`).digest('hex')
    expect(signWebhook('topsecret', 1700000000, body)).toBe(`v1=${expected}`)
  })

  it('verifies its own signature and refuses a changed body, timestamp or secret', () => {
    const sig = signWebhook('topsecret', 1700000000, body)
    expect(verifyWebhook('topsecret', 1700000000, body, sig)).toBe(true)
    expect(verifyWebhook('topsecret', 1700000000, `${body} `, sig)).toBe(false)
    expect(verifyWebhook('topsecret', 1700000001, body, sig)).toBe(false)
    expect(verifyWebhook('othersecret', 1700000000, body, sig)).toBe(false)
  })

  it('accepts any of several space-separated signatures (secret rotation)', () => {
    const both = `${signWebhook('old', 5, body)} ${signWebhook('new', 5, body)}`
    expect(verifyWebhook('new', 5, body, both)).toBe(true)
    expect(verifyWebhook('other', 5, body, both)).toBe(false)
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
