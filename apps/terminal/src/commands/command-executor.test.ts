import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DeviceClock } from '../clock/device-clock'
import { createLogger, type Logger, silentLogger } from '../core/logger'
import { openStore, type Store } from '../store/store'
import { tempDir } from '../store/testing/temp-dir'
import type { CommandDeps } from './command-deps'
import { CommandExecutor } from './command-executor'

let dir: ReturnType<typeof tempDir>
let store: Store

beforeEach(() => {
  dir = tempDir('webroster-executor-')
  store = openStore(`${dir.path}/terminal.db`)
})
afterEach(() => {
  store.close()
  dir.remove()
})

class LinkDown extends Error {}

function executor(
  uploadPunches: CommandDeps['uploadPunches'] = async (p) => p.length,
  log: Logger = silentLogger,
) {
  const deps: CommandDeps = {
    store,
    clock: new DeviceClock({ store, timeZone: 'UTC', timeZoneExplicit: true }),
    sn: 'TEST0001',
    version: '1.0.0',
    network: () => ({ ip: '10.0.0.2', mac: '' }),
    uploadPunches,
    uploadOperlog: async (lines) => lines.length,
    flush: async () => {},
    recheck: () => {},
    optionsChanged: () => {},
  }
  return new CommandExecutor({
    deps,
    log,
    isInterruption: (error) => error instanceof LinkDown,
  })
}

describe('command executor', () => {
  it('logs what kind of command ran, never the person, card or password it carried', async () => {
    const lines: string[] = []
    const log = createLogger('debug', [(line) => lines.push(line)])
    await executor(undefined, log).execute(
      'C:1:DATA UPDATE USERINFO PIN=7\tName=Ana Secreta\tPri=0\tPasswd=4711\tCard=19088743\n',
    )
    const logged = lines.join('\n')
    expect(logged).toContain('"command":"DATA UPDATE USERINFO"')
    for (const secret of ['Ana Secreta', '4711', '19088743']) expect(logged).not.toContain(secret)
  })

  it('returns the journaled results and sends nothing itself', async () => {
    const batch = await executor().execute('C:1:DATA UPDATE USERINFO PIN=7\tName=Ana\nC:2:CHECK\n')
    expect(batch).toEqual({
      executed: 2,
      results: ['ID=1&Return=0&CMD=DATA\n', 'ID=2&Return=0&CMD=CHECK\n'],
      reboot: false,
    })
    expect(store.unackedResults().map((e) => e.result)).toEqual(batch.results)
    expect(store.findUserByPin('7')?.name).toBe('Ana')
  })

  it('does not run a re-delivered id again, and stops the batch at a reboot', async () => {
    const x = executor()
    await x.execute('C:1:DATA UPDATE USERINFO PIN=7\tName=Ana\n')
    const batch = await x.execute(
      'C:1:DATA UPDATE USERINFO PIN=7\tName=Ana\nC:r:REBOOT\nC:3:INFO\n',
    )
    expect(batch).toMatchObject({ executed: 1, reboot: true })
    expect(batch.results).toEqual(['ID=r&Return=0&CMD=REBOOT\n'])
    expect(store.findJournal('3')).toBeUndefined()
  })

  it('leaves an interrupted command unfinished, and answers a local fault with -3', async () => {
    store.addPunch({ pin: '1', time: '2025-05-20 08:00:00', status: 0, verify: 4 })
    const query =
      'C:q:DATA QUERY ATTLOG StartTime=2025-05-20 00:00:00\tEndTime=2025-05-20 23:59:59\n'
    await expect(
      executor(async () => {
        throw new LinkDown('offline')
      }).execute(query),
    ).rejects.toThrow(LinkDown)
    expect(store.findJournal('q')?.result).toBeNull()

    const batch = await executor(async () => {
      throw new Error('disk')
    }).execute(query)
    expect(batch.results).toEqual(['ID=q&Return=-3&CMD=DATA\n'])
  })
})
