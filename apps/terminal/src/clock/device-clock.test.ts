import { zkSecondsFromWallClock } from '@webroster/protocol'
import { describe, expect, it } from 'vitest'
import { openStore } from '../store/store'
import type { Clock } from './clock'
import { DeviceClock } from './device-clock'

const fixed = (iso: string): Clock => ({ now: () => new Date(iso) })

describe('DeviceClock', () => {
  it('applies and persists the offset from SET OPTIONS DateTime', () => {
    const store = openStore(':memory:')
    const base = fixed('2018-02-22T10:00:00Z')
    const clock = new DeviceClock({
      store,
      base,
      timeZone: 'America/Mexico_City',
      timeZoneExplicit: true,
    })
    // 583080894 = 2018-02-22 14:54:54 wall clock; Mexico City is UTC-6 then.
    expect(clock.setFromZkSeconds(583080894)).toBe(true)
    expect(clock.wallClock()).toBe('2018-02-22 14:54:54')
    expect(() => clock.setFromZkSeconds(-1)).toThrow(RangeError)
    expect(clock.now().toISOString()).toBe('2018-02-22T20:54:54.000Z')
    const again = new DeviceClock({
      store,
      base,
      timeZone: 'America/Mexico_City',
      timeZoneExplicit: true,
    })
    expect(again.offsetMs).toBe(clock.offsetMs)
    store.close()
  })

  it('follows the Date header and ignores jitter below the threshold', () => {
    const store = openStore(':memory:')
    const clock = new DeviceClock({
      store,
      base: fixed('2025-05-20T14:00:00Z'),
      timeZone: 'UTC',
      timeZoneExplicit: true,
    })
    expect(clock.applyServerTime('Tue, 20 May 2025 14:05:00 GMT')).toBe(true)
    expect(clock.offsetMs).toBe(300_000)
    expect(clock.applyServerTime('Tue, 20 May 2025 14:05:01 GMT')).toBe(false)
    expect(clock.applyServerTime('not a date')).toBe(false)
    expect(store.getOption('clock.offsetMs')).toBe('300000')
    store.close()
  })

  it('keeps an operator set-time against later Date headers, as a skew from the server clock', () => {
    const store = openStore(':memory:')
    const base = fixed('2025-05-20T10:00:00Z')
    const clock = new DeviceClock({ store, base, timeZone: 'UTC', timeZoneExplicit: true })
    clock.applyServerTime('Tue, 20 May 2025 10:00:00 GMT')
    // 2025-05-20 11:00:00 wall clock: an hour ahead of the server.
    expect(clock.setFromZkSeconds(zkSecondsFromWallClock('2025-05-20 11:00:00'))).toBe(true)
    expect(clock.offsetMs).toBe(3_600_000)
    expect(clock.applyServerTime('Tue, 20 May 2025 10:00:01 GMT')).toBe(false)
    expect(clock.applyServerTime('Tue, 20 May 2025 10:00:30 GMT')).toBe(true)
    expect(clock.wallClock()).toBe('2025-05-20 11:00:30')
    const reopened = new DeviceClock({ store, base, timeZone: 'UTC', timeZoneExplicit: true })
    reopened.applyServerTime('Tue, 20 May 2025 10:01:00 GMT')
    expect(reopened.wallClock()).toBe('2025-05-20 11:01:00')
    // Setting it back to the server's time makes the Date header rule again.
    reopened.setFromZkSeconds(zkSecondsFromWallClock('2025-05-20 10:01:00'))
    reopened.applyServerTime('Tue, 20 May 2025 10:05:00 GMT')
    expect(reopened.wallClock()).toBe('2025-05-20 10:05:00')
    store.close()
  })

  it('takes the server TimeZone (hours or minutes) only when no zone was configured', () => {
    const store = openStore(':memory:')
    const base = fixed('2025-05-20T14:00:00Z')
    const implicit = new DeviceClock({ store, base, timeZone: 'UTC', timeZoneExplicit: false })
    implicit.applyServerTime(undefined, '-5')
    expect(implicit.wallClock()).toBe('2025-05-20 09:00:00')
    implicit.applyServerTime(undefined, '330')
    expect(implicit.wallClock()).toBe('2025-05-20 19:30:00')
    const explicit = new DeviceClock({ store, base, timeZone: 'UTC', timeZoneExplicit: true })
    expect(explicit.wallClock()).toBe('2025-05-20 14:00:00')
    store.close()
  })

  it('ignores a TimeZone the protocol leaves undefined (12..60, fractions, words)', () => {
    const store = openStore(':memory:')
    const base = fixed('2025-05-20T14:00:00Z')
    const clock = new DeviceClock({ store, base, timeZone: 'UTC', timeZoneExplicit: false })
    clock.applyServerTime(undefined, '-5')
    for (const v of ['13', '45', '5.5', 'east']) clock.applyServerTime(undefined, v)
    expect(clock.wallClock()).toBe('2025-05-20 09:00:00')
    store.close()
  })
})
