import { describe, expect, it } from 'vitest'
import { summariseTerminals } from './provision-phase'

describe('summariseTerminals', () => {
  it('counts as complete only the terminals that got exactly the people, and their polls', () => {
    const summary = summariseTerminals(
      [
        { polls: 2, records: 5000, requests: 5 },
        // answered OK before its commands came: done early, with nothing
        { polls: 0, records: 0, requests: 1 },
        { polls: 3, records: 4900, requests: 7 },
        // a command delivered twice
        { polls: 3, records: 5100, requests: 7 },
      ],
      5000,
    )
    expect(summary).toEqual({ maxPolls: 3, meanPolls: 2, complete: 1 })
  })
})
