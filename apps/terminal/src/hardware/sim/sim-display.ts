import { fitLines } from '../display-text'
import type { Display } from '../ports'

/** What `/state` shows of the simulated display. */
export type SimDisplayState = {
  kind: string
  columns: number
  rows: number
  /** The rows as a person would read them, trailing spaces cut. */
  lines: string[]
  /** Times the content changed (a test can wait for the next). */
  updates: number
}

export interface SimDisplay extends Display {
  snapshot(): SimDisplayState
}

/**
 * A display that keeps what it was told to show, folded and cut exactly as a real one would, so
 * tests see the same 16×2 (or 21×8) text a person at the terminal reads.
 */
export function createSimDisplay(
  geometry: { kind?: string; columns: number; rows: number } = { columns: 16, rows: 2 },
): SimDisplay {
  const { columns, rows } = geometry
  let lines = fitLines([], columns, rows)
  let updates = 0
  return {
    kind: geometry.kind ?? 'sim',
    columns,
    rows,
    init: async () => {},
    async show(next) {
      const fitted = fitLines(next, columns, rows)
      if (fitted.join('\n') === lines.join('\n')) return
      lines = fitted
      updates++
    },
    async close() {
      lines = fitLines([], columns, rows)
    },
    snapshot: () => ({
      kind: geometry.kind ?? 'sim',
      columns,
      rows,
      lines: lines.map((l) => l.trimEnd()),
      updates,
    }),
  }
}
