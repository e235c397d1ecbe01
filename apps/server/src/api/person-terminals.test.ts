import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { call } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

interface Terminal {
  sn: string
  state: string
  commandStatus: string | null
  commandId: number | null
  reason: string | null
  changedAt: string | null
}

describe.each(testDbKinds())('a person’s terminals on %s', { timeout: 60_000 }, (kind) => {
  let server: TestServer
  let clock: Date
  let group: number
  beforeEach(async () => {
    clock = new Date('2026-03-01T09:00:00Z')
    server = await createTestServer(kind, {}, () => clock)
    // Legacy firmware (no pushver) and a PUSH 2.x terminal, which gets several people per command.
    await server.request('/iclock/cdata?SN=T1&options=all')
    await server.request('/iclock/cdata?SN=T2&options=all&pushver=2.4.1')
    group = (
      (await (await call(server, 'POST', '/api/groups', { name: 'All' })).json()) as {
        id: number
      }
    ).id
    for (const sn of ['T1', 'T2'])
      await call(server, 'PATCH', `/api/devices/${sn}`, { groupIds: [group] })
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })
  const advance = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000)
  }
  const terminals = async (pin: string) => {
    const res = await server.request(`/api/people/${pin}/terminals`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { pin: string; terminals: Terminal[] }
    expect(body.pin).toBe(pin)
    return body.terminals
  }
  const poll = async (sn: string) =>
    [
      ...(await (await server.request(`/iclock/getrequest?SN=${sn}`)).text()).matchAll(
        /^C:(\d+):/gm,
      ),
    ].map((m) => Number(m[1]))
  const answer = (sn: string, id: number, code: number) =>
    server.request(`/iclock/devicecmd?SN=${sn}`, {
      method: 'POST',
      body: `ID=${id}&Return=${code}&CMD=DATA\n`,
    })

  it('follows each terminal through queued → delivered → failed, from the commands', async () => {
    await call(server, 'POST', '/api/people', { pin: '7', name: 'Eva', groupIds: [group] })
    // Another person's commands are not Eva's: the view reads each command's records.
    await call(server, 'POST', '/api/people', { pin: '70', name: 'Not Eva', groupIds: [group] })
    const queued = await terminals('7')
    expect(queued.map((t) => [t.sn, t.state, t.commandStatus])).toEqual([
      ['T1', 'queued', 'queued'],
      ['T2', 'queued', 'queued'],
    ])
    const [t1, t2] = queued
    expect(t1?.commandId).toEqual(expect.any(Number))
    expect(t1?.changedAt).toBe('2026-03-01T09:00:00.000Z')

    advance(5)
    const sent1 = await poll('T1')
    const sent2 = await poll('T2')
    expect(sent1).toContain(t1?.commandId)
    expect(sent2).toContain(t2?.commandId)
    // Sent but not answered is still on its way.
    expect((await terminals('7')).map((t) => [t.state, t.commandStatus])).toEqual([
      ['queued', 'sent'],
      ['queued', 'sent'],
    ])

    advance(5)
    await answer('T1', t1?.commandId ?? 0, 0)
    await answer('T2', t2?.commandId ?? 0, -1)
    const done = await terminals('7')
    expect(done).toEqual([
      expect.objectContaining({
        sn: 'T1',
        state: 'delivered',
        commandStatus: 'succeeded',
        reason: null,
        changedAt: '2026-03-01T09:00:10.000Z',
      }),
      expect.objectContaining({
        sn: 'T2',
        state: 'failed',
        commandStatus: 'failed',
        reason: expect.any(String),
        changedAt: '2026-03-01T09:00:10.000Z',
      }),
    ])
    expect(done[1]?.reason).not.toBe('')

    // A change re-sends the record: the newest command is what the view shows.
    advance(5)
    await call(server, 'PATCH', '/api/people/7', { name: 'Eva B' })
    expect((await terminals('7')).map((t) => t.state)).toEqual(['queued', 'queued'])
    // Pin 70's view is its own: T1's single-record commands are about one person each.
    expect((await terminals('70')).map((t) => t.commandId)).not.toContain(t1?.commandId)
  })

  it('finds a person inside a multi-record command, and only there', async () => {
    const res = await server.request('/api/people/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'pin,name,groups\n1,One,All\n2,Two,All\n3,Three,All\n',
    })
    expect(res.status).toBe(200)
    const [one, two, three] = await Promise.all(['1', '2', '3'].map((pin) => terminals(pin)))
    const onT2 = [one, two, three].map((list) => list?.find((t) => t.sn === 'T2')?.commandId)
    // T2 takes several records per command: the three share one; T1 has one command each.
    expect(new Set(onT2).size).toBe(1)
    expect(onT2[0]).toEqual(expect.any(Number))
    const onT1 = [one, two, three].map((list) => list?.find((t) => t.sn === 'T1')?.commandId)
    expect(new Set(onT1).size).toBe(3)
    // PIN 1 is not PIN 10 or 11: a longer PIN that starts alike is another person.
    await call(server, 'POST', '/api/people', { pin: '11', name: 'Eleven', groupIds: [group] })
    expect((await terminals('1')).map((t) => t.commandId)).toEqual(onT1.slice(0, 1).concat(onT2[0]))
  })

  it('lists no terminal for a person in no group, and 404 for an unknown person', async () => {
    await call(server, 'POST', '/api/people', { pin: '8', name: 'Solo' })
    expect(await terminals('8')).toEqual([])
    expect((await server.request('/api/people/999/terminals')).status).toBe(404)
  })
})
