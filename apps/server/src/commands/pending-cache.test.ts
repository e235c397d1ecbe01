import { describe, expect, it } from 'vitest'
import { PendingCache } from './pending-cache'

describe('pending cache', () => {
  it('fills many devices from one read', async () => {
    const cache = new PendingCache(60_000)
    const filled = await cache.fill(
      async () =>
        new Map([
          ['A', null],
          ['B', 5_000],
        ]),
      () => 1_000,
    )
    expect(filled).toBe(2)
    expect(cache.nothingDue('A', 2_000)).toBe(true)
    expect(cache.nothingDue('B', 2_000)).toBe(true)
    expect(cache.nothingDue('B', 6_000)).toBe(false)
    expect(cache.nothingDue('C', 2_000)).toBe(false)
  })

  it('leaves a device invalidated during the read unknown, and everything after a clear', async () => {
    const cache = new PendingCache(60_000)
    await cache.fill(
      async () => {
        cache.invalidate('A') // a NOTIFY raced the read: its answer for A may be stale
        return new Map([
          ['A', null],
          ['B', null],
        ])
      },
      () => 0,
    )
    expect(cache.nothingDue('A', 1)).toBe(false)
    expect(cache.nothingDue('B', 1)).toBe(true)

    const fresh = new PendingCache(60_000)
    const filled = await fresh.fill(
      async () => {
        fresh.clear()
        return new Map([['B', null]])
      },
      () => 0,
    )
    expect(filled).toBe(0)
    expect(fresh.nothingDue('B', 1)).toBe(false)
  })

  it('never overwrites what a poll learned meanwhile', async () => {
    const cache = new PendingCache(60_000)
    await cache.fill(
      async () => {
        cache.set('A', 0, 0) // a poll found a due command while the fill was reading
        return new Map([['A', null]])
      },
      () => 0,
    )
    expect(cache.nothingDue('A', 1)).toBe(false)
  })

  it('renews entries known before the read, so a repeated fill keeps them from expiring', async () => {
    const cache = new PendingCache(1000)
    cache.set('A', null, 0)
    await cache.fill(
      async () => new Map([['A', null]]),
      () => 900,
    )
    expect(cache.nothingDue('A', 1500)).toBe(true)
  })
})
