import { describe, expect, it } from 'vitest'
import { createLogger } from './logger'

describe('server log lines', () => {
  it('carry the shared keys (time, level, msg, then the fields), an error by its cause', () => {
    const lines: string[] = []
    const driver = Object.assign(new Error('duplicate key value'), { code: '23505' })
    createLogger('info', (l) => lines.push(l)).error('device request failed', {
      sn: 'A1',
      error: new Error('Failed query: insert into people\nparams: Ann Secret', { cause: driver }),
    })
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        level: 'error',
        msg: 'device request failed',
        sn: 'A1',
        error: 'duplicate key value',
        code: '23505',
      },
    ])
  })
})
