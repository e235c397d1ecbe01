import { describe, expect, it } from 'vitest'
import { punchStateName } from '../punches'
import { punchDirection } from './punch-direction'

describe('punch direction', () => {
  it('reads in and out from the state as the protocol names it, and nothing else', () => {
    const table = [0, 1, 2, 3, 4, 5, 8, 9, 255].map((s) => [punchStateName(s), punchDirection(s)])
    expect(table).toEqual([
      ['check-in', 'in'],
      ['check-out', 'out'],
      ['break-out', 'out'],
      ['break-in', 'in'],
      ['overtime-in', 'in'],
      ['overtime-out', 'out'],
      ['meal-start', 'unknown'],
      ['meal-end', 'unknown'],
      ['none', 'unknown'],
    ])
  })
})
