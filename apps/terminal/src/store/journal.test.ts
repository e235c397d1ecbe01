import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from './store'
import { tempDir } from './testing/temp-dir'

let dir: ReturnType<typeof tempDir>
let path: string
let store: Store

beforeEach(() => {
  dir = tempDir()
  path = join(dir.path, 'terminal.db')
  store = openStore(path)
})
afterEach(() => {
  store.close()
  dir.remove()
})

describe('command journal', () => {
  it('executes a new command once and answers a re-delivery with the stored result', () => {
    expect(store.journalReceive('42', 'CHECK')).toEqual({ status: 'execute' })
    store.journalResult('42', 'ID=42&Return=0&CMD=CHECK')
    expect(store.journalReceive('42', 'CHECK')).toEqual({
      status: 'done',
      result: 'ID=42&Return=0&CMD=CHECK',
    })
    expect(store.unackedResults().map((e) => e.id)).toEqual(['42'])
  })

  it('executes a different command that reuses a journaled id (numeric ids restart on a new server)', () => {
    store.journalReceive('1', 'INFO')
    store.journalResult('1', 'ID=1&Return=0&CMD=INFO')
    store.markResultsAcked(['1'])
    expect(store.journalReceive('1', 'DATA UPDATE USERINFO PIN=7\tName=Ana')).toEqual({
      status: 'execute',
    })
    expect(store.findJournal('1')).toMatchObject({
      command: 'DATA UPDATE USERINFO PIN=7\tName=Ana',
      result: null,
      ackedAt: null,
    })
    expect(store.unackedResults()).toEqual([])
  })

  it('re-executes a command received but never finished (cut before its result)', () => {
    store.journalReceive('7', 'REBOOT')
    expect(store.journalReceive('7', 'REBOOT')).toEqual({ status: 'execute' })
  })

  it('keeps an unsent result across a reboot and acks exactly the given ids', () => {
    for (const id of ['1', '2', '3']) {
      store.journalReceive(id, 'INFO')
      store.journalResult(id, `ID=${id}&Return=0&CMD=INFO`)
    }
    store.close()
    store = openStore(path)
    expect(store.unackedResults().map((e) => e.result)).toEqual([
      'ID=1&Return=0&CMD=INFO',
      'ID=2&Return=0&CMD=INFO',
      'ID=3&Return=0&CMD=INFO',
    ])
    expect(store.markResultsAcked(['1', '3'])).toBe(2)
    expect(store.unackedResults().map((e) => e.id)).toEqual(['2'])
    expect(store.findJournal('1')?.ackedAt).not.toBeNull()
  })

  it('queues an acknowledged result again when the server re-delivers its command', () => {
    store.journalReceive('9', 'INFO')
    store.journalResult('9', 'ID=9&Return=0&CMD=INFO')
    store.markResultsAcked(['9'])
    expect(store.unackedResults()).toEqual([])
    expect(store.journalReceive('9', 'INFO').status).toBe('done')
    expect(store.unackedResults().map((e) => e.id)).toEqual(['9'])
  })

  it('refuses a result for a command it never received', () => {
    expect(() => store.journalResult('nope', 'ID=nope&Return=0&CMD=X')).toThrow(/never journaled/)
  })
})

describe('oplog outbox', () => {
  it('queues records and marks exactly the given ids sent', () => {
    const a = store.addOplog('OPLOG', 'OPLOG 2\t0\t2025-01-01 08:00:00\t0\t0\t0\t0')
    const b = store.addOplog('FP', 'FP PIN=1\tFID=0\tSize=4\tValid=1\tTMP=AAAA')
    expect(store.unsentOplog(10).map((r) => r.kind)).toEqual(['OPLOG', 'FP'])
    expect(store.markOplogSent([a])).toBe(1)
    expect(store.unsentOplog(10).map((r) => r.id)).toEqual([b])
    expect(store.countUnsentOplog()).toBe(1)
  })
})
