import { describe, expect, it } from 'vitest'
import { errorCause } from './errors'
import { createLogger, formatLogLine, MAX_LOG_LINE } from './logger'

describe('log lines', () => {
  it('never exceed a few kB, whatever a field holds', () => {
    const lines: string[] = []
    const log = createLogger('debug', (l) => lines.push(l))
    log.error('device request failed', { body: 'x'.repeat(1_000_000), sn: 'A1' })
    log.error(
      'many fields',
      Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'v'.repeat(400)])),
    )
    expect(lines.every((l) => l.length <= MAX_LOG_LINE)).toBe(true)
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ sn: 'A1', truncated: true })
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({ msg: 'many fields', truncated: true })
  })
  it('name the cause of a wrapped error, not the statement and its parameters', () => {
    const driver = Object.assign(
      new Error('value "99999999999" is out of range for type integer'),
      {
        code: '22003',
      },
    )
    const wrapped = new Error(
      'Failed query: insert into people values ($1, $2)\nparams: 1,Ann Secret',
      {
        cause: driver,
      },
    )
    expect(errorCause(wrapped)).toEqual({
      error: 'value "99999999999" is out of range for type integer',
      code: '22003',
    })
    const line = formatLogLine({ msg: 'x', error: wrapped.message, failure: wrapped })
    expect(line).not.toContain('Ann Secret')
    expect(line).toContain('out of range')
  })
})
