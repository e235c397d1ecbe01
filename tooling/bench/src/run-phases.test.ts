import { describe, expect, it } from 'vitest'
import { failedRow } from './run-phases'

describe('failedRow', () => {
  it('keeps the first line of the error without the folders it names', () => {
    const row = failedRow(
      'realtime',
      'bun /srv/x/apps/server/src/main.ts exited with 1: boom\n    at /srv/x/y.ts:1',
    )
    expect(row.name).toBe('realtime: failed')
    expect(row.note).toBe('bun main.ts exited with 1: boom')
    expect(row.requestsPerSecond).toBe(0)
  })
})
