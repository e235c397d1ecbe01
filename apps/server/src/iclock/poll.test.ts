import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { deviceLogs } from '../db/schema'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SN = 'PL0001'

describe.each(testDbKinds())('iclock polls and results on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  let clock: Date
  beforeEach(async () => {
    clock = new Date('2025-02-01T09:00:00Z')
    server = await createTestServer(kind, { commandRedeliverySeconds: 120 }, () => clock)
    await server.request(`/iclock/cdata?SN=${SN}&options=all&pushver=2.4.1`)
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })
  const poll = async (query = '') =>
    (await server.request(`/iclock/getrequest?SN=${SN}${query}`)).text()

  it('answers OK when nothing is queued, and delivers C: lines with REBOOT last', async () => {
    expect(await poll()).toBe('OK')
    const { commands } = server.services
    const reboot = await commands.enqueue({ sn: SN, type: 'reboot', command: { type: 'REBOOT' } })
    const info = await commands.enqueue({ sn: SN, type: 'info', command: { type: 'INFO' } })
    const res = await server.request(`/iclock/getrequest.aspx?SN=${SN}`)
    expect(res.headers.get('date')).toBe(clock.toUTCString())
    expect(await res.text()).toBe(`C:${info.id}:INFO\nC:${reboot.id}:REBOOT\n`)
    expect(await poll()).toBe('OK')
  })

  it('answers empty polls from memory until a command is queued', async () => {
    const { commands } = server.services
    let claims = 0
    const claim = commands.claimForDelivery.bind(commands)
    commands.claimForDelivery = (sn) => {
      claims++
      return claim(sn)
    }
    for (let i = 0; i < 5; i++) expect(await poll()).toBe('OK')
    expect(claims).toBe(1)
    const { id } = await commands.enqueue({ sn: SN, type: 'raw', command: { type: 'LOG' } })
    expect(await poll()).toBe(`C:${id}:LOG\n`)
    expect(await poll()).toBe('OK')
    expect(claims).toBe(2)
  })

  it('re-delivers an unanswered command after the redelivery period', async () => {
    const { id } = await server.services.commands.enqueue({
      sn: SN,
      type: 'check',
      command: { type: 'CHECK' },
    })
    expect(await poll()).toBe(`C:${id}:CHECK\n`)
    clock = new Date(clock.getTime() + 60_000)
    expect(await poll()).toBe('OK')
    clock = new Date(clock.getTime() + 61_000)
    expect(await poll()).toBe(`C:${id}:CHECK\n`)
    expect((await server.services.commands.get(id))?.attempts).toBe(2)
  })

  it('records results by id, batched and multi-line INFO, and ignores unknown ids', async () => {
    const { commands } = server.services
    const del = await commands.enqueue({
      sn: SN,
      type: 'delete-user',
      command: { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '1']] },
    })
    const clear = await commands.enqueue({
      sn: SN,
      type: 'clear-log',
      command: { type: 'CLEAR', target: 'LOG' },
    })
    const info = await commands.enqueue({ sn: SN, type: 'info', command: { type: 'INFO' } })
    await poll()
    const batched = `ID=${del.id}&Return=0&CMD=DATA\nID=${clear.id}&Return=-1002&CMD=CLEAR_LOG\nID=zzz&Return=0&CMD=DATA\n`
    const res = await server.request(`/iclock/devicecmd?SN=${SN}`, {
      method: 'POST',
      body: batched,
    })
    expect(await res.text()).toBe('OK')
    expect((await commands.get(del.id))?.status).toBe('succeeded')
    const failed = await commands.get(clear.id)
    expect([failed?.status, failed?.returnCode]).toEqual(['failed', -1002])
    const infoBody = `ID=${info.id}&Return=0&CMD=INFO\n~DeviceName=MB360/ID\nUserCount=143\nFWVersion=Ver 8.0.4.2\n`
    await server.request(`/iclock/devicecmd.aspx?SN=${SN}`, { method: 'POST', body: infoBody })
    expect((await commands.get(info.id))?.status).toBe('succeeded')
    const device = await server.services.devices.get(SN)
    expect(device?.options).toMatchObject({ DeviceName: 'MB360/ID', UserCount: '143' })
    expect(device?.options).not.toHaveProperty('~DeviceName')
    expect(device?.firmware).toBe('Ver 8.0.4.2')
  })

  it('records INFO telemetry and the seed terminal’s poll fields in one batched write', async () => {
    clock = new Date(clock.getTime() + 5000)
    await poll('&INFO=Ver%208.0.4.2-I113-02,143,1,109,172.16.12.182,10,7,12,141,111')
    await poll(
      '&options=all&pushver=3.0.0&ip=10.0.0.9&current_time=2025-02-01 03:00:00&temp=48.3&uptime=up 2 days, 3:04&disk=23%&mem=41%&gitver=abc123',
    )
    expect((await server.services.devices.get(SN))?.lastSeenAt).not.toEqual(clock)
    await server.services.presence.flush()
    const device = await server.services.devices.get(SN)
    expect(device?.lastSeenAt?.toISOString()).toBe(clock.toISOString())
    // The reported address is telemetry; `ip` is the request's source (none through app.handle).
    expect(device?.ip).toBeNull()
    expect(device?.telemetry).toMatchObject({
      reportedIp: '10.0.0.9',
      info: { firmware: 'Ver 8.0.4.2-I113-02', userCount: 143 },
      temperature: '48.3',
      disk: '23%',
      version: 'abc123',
    })
    expect(device?.firmware).toBe('abc123')
    expect(server.services.devices.isOnline(device as NonNullable<typeof device>, clock)).toBe(true)
  })

  it('stores multipart log uploads on /iclock/upload-log and on a POST getrequest', async () => {
    const form = new FormData()
    form.set('file', new File(['line one\nline two\n'], 'webroster-2025-02-01.log'))
    form.set('sn', SN)
    expect(
      await (await server.request('/iclock/upload-log', { method: 'POST', body: form })).text(),
    ).toBe('OK')
    const form2 = new FormData()
    form2.set('file', new File(['x'], 'b.log'))
    expect(
      await (
        await server.request(`/iclock/getrequest?SN=${SN}`, { method: 'POST', body: form2 })
      ).text(),
    ).toBe('OK')
    const logs = await server.services.db.select().from(deviceLogs)
    expect(logs.map((l) => [l.sn, l.fileName, l.size])).toEqual([
      [SN, 'webroster-2025-02-01.log', 18],
      [SN, 'b.log', 1],
    ])
  })
})
