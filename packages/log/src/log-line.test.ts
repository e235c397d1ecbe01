import { describe, expect, it } from 'vitest'
import { errorCause } from './error-cause'
import { formatLogLine, MAX_LOG_LINE } from './log-line'
import { createLogger } from './logger'

describe('log lines', () => {
  it('never exceed a few kB, whatever a field holds', () => {
    const lines: string[] = []
    const log = createLogger('debug', [(l) => lines.push(l)])
    log.error('device request failed', { body: 'x'.repeat(1_000_000), sn: 'A1' })
    log.error(
      'many fields',
      Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'v'.repeat(400)])),
    )
    expect(lines.every((l) => l.length <= MAX_LOG_LINE)).toBe(true)
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ sn: 'A1', truncated: true })
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({
      time: expect.any(String),
      level: 'error',
      msg: 'many fields',
      truncated: true,
    })
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
  it('write an error field as its message with its code beside it, never its stack', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), {
      code: 'ECONNREFUSED',
    })
    const transport = new Error('POST /iclock/cdata: fetch failed', {
      cause: new TypeError('fetch failed', { cause: refused }),
    })
    const line = formatLogLine({ time: 't0', level: 'warn', msg: 'sync failed', error: transport })
    expect(JSON.parse(line)).toEqual({
      time: 't0',
      level: 'warn',
      msg: 'sync failed',
      error: 'POST /iclock/cdata: fetch failed',
      code: 'ECONNREFUSED',
    })
    expect(line).not.toContain('at ')
  })
  it('keep a code the line names itself, and serialise nested errors and bigints', () => {
    const line = formatLogLine({
      msg: 'x',
      code: 'mine',
      error: Object.assign(new Error('boom'), { code: 'EIO' }),
      nested: { failure: new Error('inner'), count: 12n },
    })
    expect(JSON.parse(line)).toEqual({
      msg: 'x',
      code: 'mine',
      error: 'boom',
      nested: { failure: 'inner', count: '12' },
    })
  })
})
