import { describe, expect, it } from 'vitest'
import { LOG_LEVELS } from './log-level'
import { createLogger, silentLogger } from './logger'

describe('logger', () => {
  it('writes the same JSON line to every sink: time, level, msg, then the fields', () => {
    const a: string[] = []
    const b: string[] = []
    const log = createLogger('info', [(l) => a.push(l), (l) => b.push(l)], () => new Date(0))
    log.info('booted', { sn: 'A1' })
    expect(a).toEqual(b)
    expect(a).toEqual([
      '{"time":"1970-01-01T00:00:00.000Z","level":"info","msg":"booted","sn":"A1"}',
    ])
  })
  it.each(LOG_LEVELS)('at %s keeps that level and the more severe ones', (level) => {
    const kept: string[] = []
    const log = createLogger(level, [(l) => kept.push(JSON.parse(l).level)])
    for (const l of ['debug', 'info', 'warn', 'error'] as const) log[l]('x')
    expect(kept).toEqual(LOG_LEVELS.slice(LOG_LEVELS.indexOf(level)).filter((l) => l !== 'silent'))
  })
  it('drops everything when silent', () => {
    expect(() => silentLogger.error('x', { error: new Error('y') })).not.toThrow()
  })
})
