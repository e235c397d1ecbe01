import { describe, expect, it } from 'vitest'
import { moduleOf, summarizeProfile } from './cpu-profile'
import { split } from './load-generator'
import {
  cpuDelta,
  cpuSecondsOfStat,
  postgresProcessOf,
  readCpuSeconds,
  readRss,
} from './proc-stats'

describe('process figures', () => {
  it('adds utime and stime after a command name with spaces and parentheses', () => {
    const stat = '4242 (bun (x) y) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 1'
    expect(cpuSecondsOfStat(stat)).toBe(3)
  })

  it('reads this process and answers nothing for a process that is gone', () => {
    expect(readRss(process.pid)).toBeGreaterThan(1024 * 1024)
    expect(readRss(2 ** 22 + 1)).toBeUndefined()
    expect(readCpuSeconds(2 ** 22 + 1)).toBe(0)
  })

  it('counts a process that appeared during the window from zero', () => {
    const before = new Map([
      [1, 5],
      [2, 1],
    ])
    const after = new Map([
      [1, 7],
      [3, 0.5],
    ])
    expect(cpuDelta(before, after)).toBe(2.5)
  })

  it('splits terminals over workers without losing any', () => {
    expect(split(10, 3)).toEqual([4, 3, 3])
    expect(split(2, 4)).toEqual([1, 1, 0, 0])
  })

  it('ranks functions by self samples', () => {
    const hot = summarizeProfile({
      nodes: [
        { id: 1, callFrame: { functionName: '', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: 'insert', url: '/x/src/ingest.ts', lineNumber: 9 } },
      ],
      samples: [2, 2, 2, 1],
      timeDeltas: [1, 1, 1, 1],
    })
    expect(hot).toEqual([
      { name: 'insert src/ingest.ts:10', selfShare: 0.75 },
      { name: '(anonymous)', selfShare: 0.25 },
    ])
  })
})

describe('moduleOf', () => {
  it('names the package, our source file or the runtime', () => {
    expect(moduleOf('/a/node_modules/.bun/elysia@1/node_modules/elysia/dist/index.mjs')).toBe(
      'elysia',
    )
    expect(moduleOf('/a/node_modules/@electric-sql/pglite/dist/x.js')).toBe('@electric-sql/pglite')
    expect(moduleOf('/a/apps/server/src/ingest/attlog.ts')).toBe('src/ingest/attlog.ts')
    expect(moduleOf('file:///a/apps/server/src/iclock/cdata.ts')).toBe('src/iclock/cdata.ts')
    expect(moduleOf('internal:primordials')).toBe('internal')
    expect(moduleOf('')).toBe('(runtime, native, idle)')
  })
})

describe('postgresProcessOf', () => {
  it('keeps the run database backends and the shared writers only', () => {
    const ours = postgresProcessOf('webroster_bench_1')
    expect(ours('postgres: 15/main: postgres webroster_bench_1 127.0.0.1(5) idle\0')).toBe(true)
    expect(ours('postgres: 15/main: walwriter \0')).toBe(true)
    expect(ours('postgres: 15/main: postgres test 127.0.0.1(6) INSERT\0')).toBe(false)
    expect(ours('postgres: 15/main: postgres webroster_bench_10 127.0.0.1(7) idle\0')).toBe(false)
  })
})
