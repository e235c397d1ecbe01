import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrations } from './migrations'
import { openStore, type Store } from './store'
import { tempDir } from './testing/temp-dir'

let dir: ReturnType<typeof tempDir>
let store: Store

beforeEach(() => {
  dir = tempDir()
  store = openStore(join(dir.path, 'terminal.db'))
})
afterEach(() => {
  store.close()
  dir.remove()
})

describe('openStore', () => {
  it('migrates to the latest version and reopens without re-running steps', () => {
    expect(store.schemaVersion).toBe(migrations.length)
    store.upsertUser({ pin: '1', name: 'Ana' })
    store.close()
    store = openStore(join(dir.path, 'terminal.db'))
    expect(store.schemaVersion).toBe(migrations.length)
    expect(store.findUserByPin('1')?.name).toBe('Ana')
  })

  it('works in memory', () => {
    const memory = openStore(':memory:')
    memory.addPunch({ pin: '1', time: '2025-01-01 08:00:00', status: 0, verify: 4 })
    expect(memory.countPunches()).toBe(1)
    memory.close()
  })
})

describe('users', () => {
  it('upserts, keeps fields an update leaves out, and finds by card', () => {
    store.upsertUser({ pin: '7', name: 'Bo', card: '123456', privilege: 14 })
    store.upsertUser({ pin: '7', name: 'Bo B.' })
    const user = store.findUserByPin('7')
    expect(user).toMatchObject({ name: 'Bo B.', card: '123456', privilege: 14, verify: -1 })
    expect(store.findUserByCard('123456')?.pin).toBe('7')
    expect(store.findUserByCard('')).toBeUndefined()
    expect(store.countUsers()).toBe(1)
  })

  it('deletes the person with their templates, so card and finger no longer match', () => {
    store.upsertUsers([
      { pin: '1', name: 'A', card: '11' },
      { pin: '2', name: 'B', card: '22' },
    ])
    store.upsertTemplate({ pin: '1', kind: 'fp', no: 0, template: 'AAAA' })
    store.upsertTemplate({ pin: '2', kind: 'fp', no: 0, template: 'BBBB' })
    expect(store.deleteUser('1')).toBe(true)
    expect(store.deleteUser('1')).toBe(false)
    expect(store.findUserByCard('11')).toBeUndefined()
    expect(store.hasFingerprint('1')).toBe(false)
    expect(store.hasFingerprint('2')).toBe(true)
    expect(store.listUsers().map((u) => u.pin)).toEqual(['2'])
  })
})

describe('templates', () => {
  it('replaces on (pin, kind, no, index) and deletes narrowly', () => {
    store.upsertTemplates([
      { pin: '1', kind: 'fp', no: 0, template: 'old' },
      { pin: '1', kind: 'fp', no: 0, template: 'new' },
      { pin: '1', kind: 'fp', no: 1, template: 'f1' },
      { pin: '1', kind: 'face', no: 0, template: 'face' },
    ])
    expect(store.countTemplates()).toBe(3)
    expect(store.countTemplates('fp')).toBe(2)
    expect(store.listTemplates('1').find((t) => t.kind === 'fp' && t.no === 0)?.template).toBe(
      'new',
    )
    expect(store.deleteTemplates('1', 'fp', 1)).toBe(1)
    expect(store.deleteTemplates('1', 'fp')).toBe(1)
    expect(store.hasFingerprint('1')).toBe(false)
    expect(store.deleteTemplates('1')).toBe(1)
  })

  it('counts a BIODATA fingerprint but not an invalid one or a face', () => {
    store.upsertTemplate({ pin: '3', kind: 'biodata', no: 0, type: 1, template: 'x' })
    store.upsertTemplate({ pin: '4', kind: 'fp', no: 0, valid: 0, template: 'x' })
    store.upsertTemplate({ pin: '5', kind: 'biodata', no: 0, type: 2, template: 'x' })
    expect(['3', '4', '5'].map((pin) => store.hasFingerprint(pin))).toEqual([true, false, false])
  })
})

describe('options', () => {
  it('sets, overwrites, lists, and counts boots', () => {
    store.setOption('stamp.ATTLOG', '1')
    store.setOptions({ 'stamp.ATTLOG': '2', Delay: '30' })
    expect(store.getOption('stamp.ATTLOG')).toBe('2')
    expect(store.listOptions()).toMatchObject({ Delay: '30' })
    expect(store.deleteOption('Delay')).toBe(true)
    expect(store.getOption('Delay')).toBeUndefined()
    expect(store.incrementBootCount()).toBe(1)
    expect(store.incrementBootCount()).toBe(2)
  })

  it('rolls a failed transaction back entirely', () => {
    expect(() =>
      store.transaction(() => {
        store.addPunch({ pin: '1', time: '2025-01-01 08:00:00', status: 0, verify: 1 })
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(store.countPunches()).toBe(0)
  })
})
