import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff'

describe('backoffDelay', () => {
  const policy = (r: number) => ({ baseMs: 1000, maxMs: 16_000, random: () => r })

  it('doubles per failure and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => backoffDelay(n, policy(1)))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 16_000, 16_000,
    ])
  })

  it('jitters between half and all of the exponential delay', () => {
    expect(backoffDelay(3, policy(0))).toBe(2000)
    expect(backoffDelay(3, policy(0.5))).toBe(3000)
    expect(backoffDelay(3, policy(0.999))).toBe(3998)
  })

  it('waits nothing before the first failure', () => {
    expect(backoffDelay(0, policy(0.5))).toBe(0)
  })
})
