import { describe, expect, it } from 'vitest'
import { createLogger } from './logger'

describe('logger', () => {
  it('writes one JSON line per event to every sink, dropping lower levels', () => {
    const a: string[] = []
    const b: string[] = []
    const log = createLogger('info', [(l) => a.push(l), (l) => b.push(l)], () => new Date(0))
    log.debug('hidden')
    log.warn('sync failed', { error: new Error('ECONNREFUSED'), failures: 2 })
    expect(a).toEqual(b)
    expect(a.map((l) => JSON.parse(l))).toEqual([
      {
        time: '1970-01-01T00:00:00.000Z',
        level: 'warn',
        msg: 'sync failed',
        error: 'ECONNREFUSED',
        failures: 2,
      },
    ])
  })
})
