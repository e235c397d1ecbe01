import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Clock } from '../clock/clock'
import { DeviceClock } from '../clock/device-clock'
import type { PunchStateRule } from '../config/punch-state-rule'
import { createFeedback, type Feedback } from '../feedback/feedback'
import type { PunchScreenEvent } from '../feedback/screen'
import { createSimHardware, type SimHardware } from '../hardware/sim/sim-hardware'
import { openStore, type Store } from '../store/store'
import { PunchFlow } from './punch-flow'

let store: Store
let hw: SimHardware
let feedback: Feedback

const flow = (rule: PunchStateRule = { kind: 'fixed', status: 0 }, windowMs = 60_000) => {
  const base: Clock = { now: () => new Date() }
  const clock = new DeviceClock({ store, base, timeZone: 'UTC', timeZoneExplicit: true })
  return new PunchFlow({ store, clock, feedback, rule, duplicateWindowMs: windowMs })
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-05-20T08:00:00Z') })
  store = openStore(':memory:')
  hw = createSimHardware()
  feedback = createFeedback(hw)
  store.upsertUsers([
    { pin: '1', name: 'Ana', card: '15CD5B07' },
    { pin: '2', name: 'Bo' },
  ])
  store.upsertTemplate({ pin: '2', kind: 'fp', no: 0, template: 'AAAA' })
})
afterEach(() => {
  store.close()
  vi.useRealTimers()
})

const lastPattern = (out: keyof ReturnType<SimHardware['snapshot']>) => {
  const state = hw.snapshot()[out]
  return state && 'patterns' in state ? state.patterns[0]?.name : undefined
}

describe('PunchFlow', () => {
  it('commits a card punch with verify 4 and the wall clock, then flashes green and beeps', async () => {
    const result = flow().handle({ kind: 'card', card: '15CD5B07' })
    expect(result).toMatchObject({ outcome: 'accepted', pin: '1', time: '2025-05-20 08:00:00' })
    expect(store.unsentPunches(10)).toMatchObject([
      { pin: '1', time: '2025-05-20 08:00:00', status: 0, verify: 4 },
    ])
    await feedback.settled()
    expect(hw.greenLed.state).toBe(true)
    expect(lastPattern('buzzer')).toBe('accepted')
    await vi.advanceTimersByTimeAsync(5000)
    await feedback.settled()
    expect(hw.greenLed.state).toBe(false)
  })

  it('accepts a finger only when the store holds a fingerprint for that pin', () => {
    const f = flow()
    expect(f.handle({ kind: 'finger', pin: '2' })).toMatchObject({ outcome: 'accepted' })
    expect(store.unsentPunches(1)[0]?.verify).toBe(1)
    store.deleteTemplates('2')
    vi.advanceTimersByTime(61_000)
    expect(f.handle({ kind: 'finger', pin: '2' })).toMatchObject({ outcome: 'rejected' })
    expect(f.handle({ kind: 'finger', pin: '1' })).toMatchObject({ outcome: 'rejected' })
  })

  it('ignores the same person within the duplicate window and punches again after it', () => {
    const f = flow()
    f.handle({ kind: 'card', card: '15CD5B07' })
    vi.advanceTimersByTime(59_000)
    expect(f.handle({ kind: 'card', card: '15CD5B07' })).toEqual({ outcome: 'duplicate', pin: '1' })
    expect(store.countPunches()).toBe(1)
    expect(lastPattern('buzzer')).toBe('command')
    vi.advanceTimersByTime(1000)
    expect(f.handle({ kind: 'card', card: '15CD5B07' }).outcome).toBe('accepted')
    expect(store.countPunches()).toBe(2)
  })

  it('rejects an unknown card: red, rejected beep, one OPLOG op 2 queued, no punch', async () => {
    const f = flow()
    expect(f.handle({ kind: 'card', card: 'DEADBEEF' })).toEqual({
      outcome: 'rejected',
      reason: 'unknown',
    })
    expect(f.handle({ kind: 'card', card: 'DEADBEEF' }).outcome).toBe('duplicate')
    expect(store.countPunches()).toBe(0)
    await feedback.settled()
    expect(hw.redLed.state).toBe(true)
    expect(hw.greenLed.state).toBe(false)
    expect(lastPattern('buzzer')).toBe('rejected')
    expect(store.unsentOplog(10).map((r) => r.line)).toEqual([
      'OPLOG 2\t0\t2025-05-20 08:00:00\t0\t0\t0\t0',
    ])
  })

  it('tells the screen who punched, a repeat, and why a punch was refused', () => {
    const shown: PunchScreenEvent[] = []
    const base: Clock = { now: () => new Date() }
    const clock = new DeviceClock({ store, base, timeZone: 'UTC', timeZoneExplicit: true })
    store.upsertUsers([{ pin: '3', name: 'Cy', endAt: '2025-01-31' }])
    const f = new PunchFlow({
      store,
      clock,
      feedback,
      screen: { showPunch: (e) => shown.push(e) },
      rule: { kind: 'fixed', status: 1 },
      duplicateWindowMs: 60_000,
    })
    f.handle({ kind: 'card', card: '15CD5B07' })
    f.handle({ kind: 'card', card: '15CD5B07' })
    f.handle({ kind: 'card', card: 'FFFFFFFF' })
    f.handle({ kind: 'finger', pin: '3' })
    store.upsertTemplate({ pin: '3', kind: 'fp', no: 0, template: 'AAAA' })
    vi.advanceTimersByTime(3001)
    f.handle({ kind: 'finger', pin: '3' })
    expect(shown).toEqual([
      { kind: 'accepted', name: 'Ana', status: 1, time: '2025-05-20 08:00:00' },
      { kind: 'duplicate', name: 'Ana' },
      { kind: 'refused', reason: 'unknown', credential: 'card' },
      { kind: 'refused', reason: 'unknown', credential: 'finger' },
      { kind: 'refused', reason: 'expired', credential: 'finger', name: 'Cy' },
    ])
  })

  it('rejects a person outside their validity window', () => {
    store.upsertUser({ pin: '1', endAt: '2025-05-19' })
    expect(flow().handle({ kind: 'card', card: '15CD5B07' })).toEqual({
      outcome: 'rejected',
      reason: 'expired',
      pin: '1',
    })
    store.upsertUser({ pin: '1', endAt: null, startAt: '2025-05-20 09:00:00' })
    vi.advanceTimersByTime(4000)
    expect(flow().handle({ kind: 'card', card: '15CD5B07' })).toMatchObject({
      reason: 'not-yet-valid',
    })
    expect(store.unsentOplog(10).map((r) => r.line.split('\t')[3])).toEqual(['1', '1'])
  })

  it('alternates in/out per person per day under the toggle rule', () => {
    const f = flow({ kind: 'toggle' }, 0)
    const statuses = [0, 1, 2].map(() => {
      vi.advanceTimersByTime(1000)
      const r = f.handle({ kind: 'card', card: '15CD5B07' })
      return r.outcome === 'accepted' ? r.status : -1
    })
    vi.setSystemTime(new Date('2025-05-21T07:00:00Z'))
    const nextDay = f.handle({ kind: 'card', card: '15CD5B07' })
    expect([...statuses, nextDay.outcome === 'accepted' ? nextDay.status : -1]).toEqual([
      0, 1, 0, 0,
    ])
  })
})
