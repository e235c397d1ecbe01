import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PunchFlow } from '../punch/punch-flow'
import { openStore, type Store } from '../store/store'
import { tempDir } from '../store/testing/temp-dir'
import { commandHarness } from './testing/command-harness'
import { FakeAdmsServer } from './testing/fake-adms-server'

let dir: ReturnType<typeof tempDir>
let store: Store

beforeEach(() => {
  dir = tempDir('webroster-commands-')
  store = openStore(`${dir.path}/terminal.db`)
})
afterEach(() => {
  store.close()
  dir.remove()
})

const flow = (s: Store) =>
  new PunchFlow({
    store: s,
    clock: {
      wallClock: () => '2025-05-20 09:00:00',
      wallParts: () => ({ year: 2025, month: 5, day: 20, hour: 9, minute: 0, second: 0 }),
    },
    feedback: { signal() {} },
    rule: { kind: 'fixed', status: 0 },
    duplicateWindowMs: 0,
  })

describe('command round trip', () => {
  it('upserts a user with a canonical card, then a delete removes user, templates and card', async () => {
    const h = commandHarness(store)
    h.server.enqueue('1', 'DATA UPDATE USERINFO PIN=7\tName=Ana\tPri=0\tCard=123456789\tGrp=1')
    h.server.enqueue('2', 'DATA UPDATE FINGERTMP PIN=7\tFID=0\tSize=8\tValid=1\tTMP=QUJDREVG')
    expect(await h.poll()).toBe(2)
    expect(store.findUserByPin('7')).toMatchObject({ name: 'Ana', card: '15CD5B07' })
    expect(flow(store).handle({ kind: 'card', card: '15CD5B07' })).toMatchObject({
      outcome: 'accepted',
    })
    expect(h.server.results.map((r) => [r.id, r.returnCode, r.cmd])).toEqual([
      ['1', 0, 'DATA'],
      ['2', 0, 'DATA'],
    ])

    h.server.enqueue('3', 'DATA DELETE USERINFO PIN=7')
    await h.poll()
    expect(store.findUserByPin('7')).toBeUndefined()
    expect(store.listTemplates('7')).toEqual([])
    expect(flow(store).handle({ kind: 'card', card: '15CD5B07' })).toMatchObject({
      outcome: 'rejected',
      reason: 'unknown',
    })
    expect(flow(store).handle({ kind: 'finger', pin: '7' })).toMatchObject({ outcome: 'rejected' })
    expect(h.server.results.at(-1)).toMatchObject({ id: '3', returnCode: 0, cmd: 'DATA' })
  })

  it('acknowledges a reboot before rebooting, and leaves later commands for the next boot', async () => {
    const h = commandHarness(store)
    h.server.enqueue('r1', 'CONTROL DEVICE 03000000')
    h.server.enqueue('x1', 'INFO')
    await h.poll()
    expect(h.events).toEqual(['reboot after r1'])
    expect(h.server.results.map((r) => [r.id, r.returnCode, r.cmd])).toEqual([
      ['r1', 0, 'CONTROL DEVICE'],
    ])
    expect(store.findJournal('x1')).toBeUndefined()
    // Re-delivered after the reboot: not executed (no second reboot), the result is re-sent.
    h.server.enqueue('r1', 'CONTROL DEVICE 03000000')
    await h.poll()
    expect(h.events).toEqual(['reboot after r1'])
    expect(h.server.results.map((r) => r.id)).toEqual(['r1', 'r1', 'x1'])
  })

  it('keeps a journaled result across a store close/reopen and sends it exactly once', async () => {
    const server = new FakeAdmsServer()
    server.devicecmdReply = 'ERROR'
    const h = commandHarness(store, server)
    server.enqueue('5', 'DATA UPDATE USERINFO PIN=9\tName=Bo')
    await expect(h.poll()).rejects.toThrow(/devicecmd refused/)
    expect(store.unackedResults().map((e) => e.id)).toEqual(['5'])
    store.close()

    store = openStore(`${dir.path}/terminal.db`)
    server.devicecmdReply = 'OK'
    const after = commandHarness(store, server)
    expect(await after.commands.sendResults()).toBe(1)
    expect(await after.commands.sendResults()).toBe(0)
    expect(server.results.map((r) => [r.id, r.returnCode])).toEqual([['5', 0]])
    expect(store.unackedResults()).toEqual([])
  })

  it('does not execute a re-delivered id twice', async () => {
    const h = commandHarness(store)
    store.addPunch({ pin: '1', time: '2025-05-20 08:00:00', status: 0, verify: 4 })
    h.server.enqueue(
      'q1',
      'DATA QUERY ATTLOG StartTime=2025-05-20 00:00:00\tEndTime=2025-05-20 23:59:59',
    )
    await h.poll()
    const uploads = () => h.server.count('/iclock/cdata', 'POST')
    expect(uploads()).toBe(1)
    expect(h.server.results.at(-1)).toMatchObject({ id: 'q1', returnCode: 1, cmd: 'DATA' })
    h.server.enqueue(
      'q1',
      'DATA QUERY ATTLOG StartTime=2025-05-20 00:00:00\tEndTime=2025-05-20 23:59:59',
    )
    await h.poll()
    expect(uploads()).toBe(1)
    expect(h.server.results.map((r) => r.id)).toEqual(['q1', 'q1'])
  })

  it('answers DATA QUERY ATTLOG with the punches of that range, sent ones too', async () => {
    const h = commandHarness(store)
    const [sent] = store.addPunches([
      { pin: '1', time: '2025-05-20 08:00:00', status: 0, verify: 4 },
      { pin: '2', time: '2025-05-20 17:30:00', status: 1, verify: 1 },
      { pin: '3', time: '2025-05-21 08:00:00', status: 0, verify: 4 },
    ])
    store.markPunchesSent([sent ?? 0])
    h.server.enqueue(
      'q2',
      'DATA QUERY ATTLOG StartTime=2025-05-20 00:00:00\tEndTime=2025-05-20 23:59:59',
    )
    await h.poll()
    expect(h.server.results.at(-1)).toMatchObject({ id: 'q2', returnCode: 2, cmd: 'DATA' })
    const pins = h.server.requests
      .filter((r) => r.query.get('table') === 'ATTLOG')
      .flatMap((r) => r.body.split('\n').filter((l) => l !== ''))
      .map((l) => l.split('\t')[0])
    expect(pins).toEqual(['1', '2'])
  })

  it('answers unknown commands -1002 with the right echo', async () => {
    const h = commandHarness(store)
    h.server.enqueue('u1', 'ENROLL_FP PIN=1\tFID=0')
    h.server.enqueue('u2', 'FROBNICATE now')
    h.server.enqueue(
      'u3',
      'DATA UPDATE SMS MSG=hi\tTAG=253\tUID=1\tMIN=10\tStartTime=2025-05-20 08:00:00',
    )
    await h.poll()
    expect(h.server.results.map((r) => [r.id, r.returnCode, r.cmd])).toEqual([
      ['u1', -1002, 'ENROLL_FP'],
      ['u2', -1002, 'FROBNICATE'],
      ['u3', -1002, 'DATA'],
    ])
  })

  it('sets the clock from SET OPTIONS DateTime and stores other options', async () => {
    const h = commandHarness(store)
    // 583080894 = 2018-02-22 14:54:54
    h.server.enqueue('s1', 'SET OPTIONS DateTime=583080894,Delay=5')
    await h.poll()
    expect(h.clock.wallClock()).toBe('2018-02-22 14:54:54')
    expect(store.getOption('adms.Delay')).toBe('5')
    expect(h.events).toEqual(['options'])
    expect(h.server.results.at(-1)).toMatchObject({ returnCode: 0, cmd: 'SET OPTIONS' })
  })

  it('answers INFO with the device parameters on following lines', async () => {
    const h = commandHarness(store)
    store.upsertUser({ pin: '1' })
    store.addPunch({ pin: '1', time: '2025-05-20 08:00:00', status: 0, verify: 4 })
    h.server.enqueue('i1', 'INFO')
    await h.poll()
    const body = h.server.requests.find((r) => r.path === '/iclock/devicecmd')?.body ?? ''
    expect(body.split('\n')[0]).toBe('ID=i1&Return=0&CMD=INFO')
    expect(h.server.results[0]?.info).toMatchObject({
      UserCount: '1',
      TransactionCount: '1',
      FPCount: '0',
      IPAddress: '10.0.0.2',
      PushVersion: '2.4.1',
      '~SerialNumber': 'TEST0001',
    })
  })

  it('CLEAR LOG clears only once every punch reached the server', async () => {
    const h = commandHarness(store)
    store.addPunch({ pin: '1', time: '2025-05-20 08:00:00', status: 0, verify: 4 })
    h.server.upload = () => ({ body: 'ERROR: db down' })
    h.server.enqueue('c1', 'CLEAR LOG')
    await h.poll()
    expect(h.server.results.at(-1)).toMatchObject({ id: 'c1', returnCode: -1005, cmd: 'CLEAR_LOG' })
    expect(store.countPunches()).toBe(1)
    h.server.upload = undefined
    h.server.enqueue('c2', 'CLEAR LOG')
    await h.poll()
    expect(h.server.results.at(-1)).toMatchObject({ id: 'c2', returnCode: 0 })
    expect(h.server.punches).toHaveLength(1)
    expect(store.countPunches()).toBe(0)
  })

  it('CLEAR DATA removes users, templates and punches', async () => {
    const h = commandHarness(store)
    store.upsertUser({ pin: '1', card: 'AA' })
    store.upsertTemplate({ pin: '1', kind: 'fp', no: 0, template: 'AAAA' })
    store.upsertTemplate({ pin: '2', kind: 'face', no: 0, template: 'BBBB' })
    store.addPunch({ pin: '1', time: '2025-05-20 08:00:00', status: 0, verify: 4 })
    h.server.enqueue('d1', 'CLEAR DATA')
    await h.poll()
    expect([store.countUsers(), store.countTemplates(), store.countPunches()]).toEqual([0, 0, 0])
    expect(h.server.results.at(-1)).toMatchObject({ returnCode: 0, cmd: 'CLEAR_DATA' })
  })

  it('answers DATA QUERY USERINFO with USER and FP records', async () => {
    const h = commandHarness(store)
    store.upsertUser({ pin: '4', name: 'Di', card: '15CD5B07' })
    store.upsertTemplate({ pin: '4', kind: 'fp', no: 1, template: 'QUJD' })
    h.server.enqueue('q2', 'DATA QUERY USERINFO PIN=4')
    await h.poll()
    expect(h.server.operlog).toMatchObject([
      { kind: 'USER', pin: '4', name: 'Di', card: '[15CD5B07]' },
      { kind: 'FP', pin: '4', fid: 1, template: 'QUJD' },
    ])
    expect(h.server.results.at(-1)).toMatchObject({ id: 'q2', returnCode: 0 })
  })

  it('CHECK asks the loop for a new handshake', async () => {
    const h = commandHarness(store)
    h.server.enqueue('k1', 'CHECK')
    await h.poll()
    expect(h.events).toEqual(['recheck'])
  })
})
