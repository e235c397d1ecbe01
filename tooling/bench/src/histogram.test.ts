import { describe, expect, it } from 'vitest'
import { LatencyHistogram, percentile } from './histogram'

describe('percentile', () => {
  it('takes the nearest rank of a sorted sample', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(sorted, 50)).toBe(50)
    expect(percentile(sorted, 99)).toBe(99)
    expect(percentile(sorted, 100)).toBe(100)
    expect(percentile([7], 99)).toBe(7)
    expect(percentile([], 50)).toBeNaN()
  })
})

describe('LatencyHistogram', () => {
  it('agrees with the exact percentile within its 1 % bucket width', () => {
    const h = new LatencyHistogram()
    const samples: number[] = []
    let x = 12345
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31
      const ms = 0.05 + (x / 2 ** 31) ** 3 * 200
      samples.push(ms)
      h.record(ms)
    }
    samples.sort((a, b) => a - b)
    for (const p of [50, 95, 99]) {
      const exact = percentile(samples, p)
      expect(h.percentile(p)).toBeGreaterThanOrEqual(exact)
      expect(h.percentile(p)).toBeLessThanOrEqual(exact * 1.0101)
    }
    expect(h.count).toBe(5000)
    expect(h.percentile(100)).toBe(samples.at(-1))
  })

  it('merges exactly and survives its JSON form', () => {
    const a = new LatencyHistogram()
    const b = new LatencyHistogram()
    for (let i = 1; i <= 90; i++) a.record(1)
    for (let i = 1; i <= 10; i++) b.record(40)
    const merged = LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(a.toJSON())))
    merged.merge(LatencyHistogram.fromJSON(b.toJSON()))
    expect(merged.count).toBe(100)
    expect(merged.percentile(90)).toBeCloseTo(1, 1)
    expect(merged.percentile(91)).toBeCloseTo(40, 0)
    expect(merged.max).toBe(40)
  })

  it('has no percentile when empty', () => {
    expect(new LatencyHistogram().percentile(50)).toBeNaN()
  })
})
