import { describe, expect, it } from 'vitest'
import {
  checkShape,
  localTimeOf,
  punchCopyLine,
  type SeedShape,
  seedPunch,
} from './attendance-seed'

const shape: SeedShape = {
  people: 50,
  punches: 5000,
  devices: 7,
  groups: 3,
  startEpoch: 1_764_547_200,
  days: 365,
}

const all = Array.from({ length: shape.punches }, (_, n) => seedPunch(n, shape))

describe('seeded punches', () => {
  it('are distinct on the dedupe key, so COPY never hits the unique index', () => {
    const keys = new Set(all.map((p) => `${p.sn}|${p.pin}|${p.localTime}|${p.status}`))
    expect(keys.size).toBe(shape.punches)
  })

  it('stay inside the span, check-ins in the morning and check-outs in the afternoon', () => {
    const first = localTimeOf(shape.startEpoch)
    const last = localTimeOf(shape.startEpoch + shape.days * 86_400 - 1)
    for (const p of all) {
      expect(p.localTime >= first && p.localTime <= last).toBe(true)
      const hour = Number(p.localTime.slice(11, 13))
      if (p.status === 0) expect(hour >= 7 && hour < 10).toBe(true)
      else expect(hour >= 16 && hour < 19).toBe(true)
    }
  })

  it('give every person the same number of punches and spread them over the year and the devices', () => {
    const perPin = new Map<string, number>()
    for (const p of all) perPin.set(p.pin, (perPin.get(p.pin) ?? 0) + 1)
    expect(new Set(perPin.values())).toEqual(new Set([100]))
    const months = new Set(all.map((p) => p.localTime.slice(0, 7)))
    expect(months.size).toBe(12)
    expect(new Set(all.map((p) => p.sn)).size).toBe(shape.devices)
    expect(new Set(all.map((p) => p.verify))).toEqual(new Set([1, 4, 15]))
  })

  it('are the same on every run', () => {
    expect(seedPunch(1234, shape)).toEqual(seedPunch(1234, shape))
    expect(punchCopyLine(seedPunch(0, shape))).toMatch(
      /^ATT\d{5}\t1\t2025-12-\d\d \d\d:\d\d:\d\d\t2025-12-\d\d \d\d:\d\d:\d\d\+00\t0\t(1|4|15)\n$/,
    )
  })

  it('refuses a shape whose punches per person do not fit in the days', () => {
    expect(() => checkShape({ ...shape, days: 10 })).toThrow(/do not fit/)
    expect(() => checkShape({ ...shape, devices: 1 })).toThrow()
    expect(() => checkShape(shape)).not.toThrow()
  })
})
