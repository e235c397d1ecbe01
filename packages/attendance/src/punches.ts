/**
 * Punch order, duplicates and directions: the steps every day's punches go through before pairing, each a pure
 * function of the punches alone so the result never depends on the order they arrived in.
 */
import type { EnginePunch } from './model'

/** Punches closer than this count once (a double tap, or the same punch uploaded twice). */
export const DUPLICATE_WITHIN_MS = 60_000

/**
 * A copy of the punches in time order (ties by id), the one order the engine works in.
 * @example sortPunches([{ id: 2, at: 5, direction: 'in' }, { id: 1, at: 5, direction: 'out' }]).map((p) => p.id) // [1, 2]
 */
export function sortPunches(punches: readonly EnginePunch[]): EnginePunch[] {
  return [...punches].sort((a, b) => a.at - b.at || a.id - b.id)
}

/**
 * Sorted punches without those less than 60 s after the last one kept: the first of a burst stands for it.
 * @example dedupePunches([{ id: 1, at: 0, direction: 'in' }, { id: 2, at: 1000, direction: 'in' }]).map((p) => p.id) // [1]
 */
export function dedupePunches(sorted: readonly EnginePunch[]): EnginePunch[] {
  const kept: EnginePunch[] = []
  let last = Number.NEGATIVE_INFINITY
  for (const p of sorted) {
    if (p.at - last < DUPLICATE_WITHIN_MS) continue
    kept.push(p)
    last = p.at
  }
  return kept
}

/**
 * In or out for each sorted punch: a known direction stands, an unknown one is the opposite of the punch before
 * it (the first of the day is 'in').
 * @example resolveDirections([{ id: 1, at: 0, direction: 'unknown' }, { id: 2, at: 9, direction: 'unknown' }]) // ['in', 'out']
 */
export function resolveDirections(sorted: readonly EnginePunch[]): ('in' | 'out')[] {
  const out: ('in' | 'out')[] = []
  let previous: 'in' | 'out' = 'out'
  for (const p of sorted) {
    const d: 'in' | 'out' =
      p.direction === 'unknown' ? (previous === 'in' ? 'out' : 'in') : p.direction
    out.push(d)
    previous = d
  }
  return out
}
