import { accessToken, parseHandshakeReply, parsePushConfig } from '@webroster/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

describe.each(testDbKinds())('iclock handshake on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  const clock = new Date('2025-06-01T12:00:00Z')
  beforeEach(async () => {
    server = await createTestServer(
      kind,
      { defaultTimeZone: 'Asia/Kolkata', pollDelaySeconds: 7, errorDelaySeconds: 45 },
      () => clock,
    )
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })

  it('answers the option block with the zone in minutes, the poll delay and a Date header', async () => {
    const res = await server.request(
      '/iclock/cdata?SN=HS001&options=all&pushver=2.4.1&language=69&DeviceType=att',
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('date')).toBe(clock.toUTCString())
    const body = await res.text()
    expect(body.split('\n')[0]).toBe('GET OPTION FROM: HS001')
    const o = parseHandshakeReply(body)
    expect(o.timeZone).toBe(330)
    expect(o.delay).toBe(7)
    expect(o.errorDelay).toBe(45)
    expect(o.realtime).toBe(true)
    expect(o.pushProtVer).toBe('2.4.1')
    expect(body).toMatch(/^TransFlag=TransData AttLog\tOpLog/m)
    expect(Object.values(o.stamps)).not.toContain('0')
    expect((await server.services.devices.get('HS001'))?.status).toBe('approved')
  })

  it('uses the device zone in hours, a lower PushProtVer for older devices and legacy keys without pushver', async () => {
    await server.request('/iclock/cdata?SN=HS002&options=all&pushver=2.2.14')
    await server.services.devices.update('HS002', { timeZone: 'Europe/Madrid' })
    const body = await (
      await server.request('/iclock/cdata.aspx?sn=HS002&options=all&pushver=2.2.14')
    ).text()
    const o = parseHandshakeReply(body)
    expect(o.timeZone).toBe(2)
    expect(o.pushProtVer).toBe('2.2.14')
    const legacy = await (await server.request('/iclock/cdata?SN=HS002&options=all')).text()
    expect(legacy).toMatch(/^Stamp=9999$/m)
    expect(legacy).not.toMatch(/PushProtVer/)
  })

  it('hands back the stamp the device echoed, never 0', async () => {
    await server.request('/iclock/cdata?SN=HS003&table=ATTLOG&Stamp=0', {
      method: 'POST',
      body: '1\t2025-06-01 08:00:00\t0\t1\n',
    })
    await server.request('/iclock/cdata?SN=HS003&table=OPERLOG&OpStamp=4321', {
      method: 'POST',
      body: 'OPLOG 4\t0\t2025-06-01 08:00:00\t0\t0\t0\t0\n',
    })
    await server.services.presence.flush()
    const o = parseHandshakeReply(
      await (await server.request('/iclock/cdata?SN=HS003&options=all&pushver=2.4.1')).text(),
    )
    expect(o.stamps.OPERLOG).toBe('4321')
    expect(o.stamps.ATTLOG).toBe('9999')
  })

  it('runs the Security PUSH registration: OK, registry, push, registered init, token cookie', async () => {
    const init = '/iclock/cdata?SN=ACC01&options=all&pushver=3.1.2&DeviceType=acc'
    expect(await (await server.request(init)).text()).toBe('OK')
    const reg = await server.request('/iclock/registry?SN=ACC01', {
      method: 'POST',
      body: 'DeviceType=acc,~DeviceName=F20/M,FirmVer=AC Ver 5.7,~OEMVendor=ZKTECO CO., LTD.',
    })
    expect(reg.status).toBe(200)
    const code = (await reg.text()).match(/^RegistryCode=(\w+)$/)?.[1] as string
    expect(code).toBeTruthy()
    const device = await server.services.devices.get('ACC01')
    expect(device?.options).toMatchObject({ OEMVendor: 'ZKTECO CO., LTD.', DeviceName: 'F20/M' })
    const push = parsePushConfig(
      await (await server.request('/iclock/push?SN=ACC01', { method: 'POST' })).text(),
    )
    expect(push.requestDelay).toBe(7)
    const token = accessToken(code, 'ACC01', push.sessionId)
    const registered = await (
      await server.request(init, { headers: { cookie: `token=${token}` } })
    ).text()
    expect(registered.startsWith(`registry=ok\nRegistryCode=${code}\n`)).toBe(true)
    const wrong = await server.request('/iclock/cdata?SN=ACC01&table=rtlog', {
      method: 'POST',
      headers: { cookie: 'token=0123456789abcdef0123456789abcdef' },
      body: 'time=2025-06-01 08:00:00\tpin=5\tcardno=0\teventaddr=1\tevent=0\tinoutstatus=0\tverifytype=1\tindex=1\n',
    })
    expect(await wrong.text()).not.toMatch(/^OK/)
  })

  it('tells the time on rtdata as zk-seconds of UTC with the zone', async () => {
    const res = await server.request('/iclock/rtdata?SN=HS004&type=time')
    expect(await res.text()).toBe('DateTime=816955200,ServerTZ=+0530')
    expect(res.headers.get('date')).toBe(clock.toUTCString())
  })

  it('answers OK to ping, exchange, file and unknown endpoints, never 404', async () => {
    for (const path of [
      '/iclock/ping?SN=HS005',
      '/iclock/exchange?SN=HS005&type=publickey',
      '/iclock/file?SN=HS005&url=fw.bin',
      '/iclock/whatever.aspx?SN=HS005',
      '/iclock/cdata?SN=HS005&table=RemoteAtt&PIN=1',
    ]) {
      const res = await server.request(path)
      expect([path, res.status, await res.text()]).toEqual([path, 200, 'OK'])
    }
  })
})
