import { RETURN_BAD_PARAMETER } from '@webroster/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../store/store'
import { tempDir } from '../store/testing/temp-dir'
import { commandHarness } from './testing/command-harness'

let dir: ReturnType<typeof tempDir>
let store: Store

beforeEach(() => {
  dir = tempDir('webroster-multi-record-')
  store = openStore(`${dir.path}/terminal.db`)
})
afterEach(() => {
  store.close()
  dir.remove()
})

const pins = () =>
  store
    .listUsers()
    .map((u) => [u.pin, u.name])
    .sort()

describe('multi-record DATA commands', () => {
  it('executes every record and answers once per command', async () => {
    const h = commandHarness(store)
    h.server.enqueue('10', 'DATA UPDATE USERINFO PIN=1\tName=Ann\nPIN=2\tName=Bo\nPIN=3\tName=Cy')
    h.server.enqueue('11', 'DATA DELETE USERINFO PIN=1\nPIN=2')
    h.server.enqueue('12', 'INFO')
    expect(await h.poll()).toBe(3)
    expect(pins()).toEqual([['3', 'Cy']])
    expect(h.server.results.map((r) => [r.id, r.returnCode, r.cmd])).toEqual([
      ['10', 0, 'DATA'],
      ['11', 0, 'DATA'],
      ['12', 0, 'INFO'],
    ])
  })

  it('applies the good records of a command and reports the first failure', async () => {
    const h = commandHarness(store)
    h.server.enqueue('20', 'DATA UPDATE USERINFO PIN=4\tName=Di\nPIN=\tName=nobody\nPIN=5\tName=Ed')
    await h.poll()
    expect(pins()).toEqual([
      ['4', 'Di'],
      ['5', 'Ed'],
    ])
    expect(h.server.results.map((r) => [r.id, r.returnCode])).toEqual([
      ['20', RETURN_BAD_PARAMETER],
    ])
  })

  it('runs a re-delivered multi-record command once and re-sends its result', async () => {
    const h = commandHarness(store)
    h.server.enqueue('30', 'DATA UPDATE USERINFO PIN=6\tName=Fay\nPIN=7\tName=Gus')
    await h.poll()
    store.deleteUser('6')
    h.server.enqueue('30', 'DATA UPDATE USERINFO PIN=6\tName=Fay\nPIN=7\tName=Gus')
    await h.poll()
    expect(pins()).toEqual([['7', 'Gus']])
    expect(h.server.results.map((r) => [r.id, r.returnCode])).toEqual([
      ['30', 0],
      ['30', 0],
    ])
  })
})
