import { afterEach, describe, expect, it } from 'vitest'
import type { ServerConfig } from '../config'
import { deviceLogs, devices, punches } from '../db/schema'
import { serveApp } from '../http/serve-app'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const PUNCH = '1\t2025-01-15 08:00:00\t0\t1\t0\t0\t0\n'
const punch = (i: number) => `${i}\t2025-01-15 08:${String(i % 60).padStart(2, '0')}:00\t0\t1\n`

describe.each(testDbKinds())('iclock admission and limits on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  const start = async (overrides: Partial<ServerConfig>) => {
    server = await createTestServer(kind, overrides)
  }
  afterEach(async () => {
    await server.close()
  })
  const punchCount = async () => (await server.services.db.select().from(punches)).length

  it('approve: an unknown device is pending, gets no options and no acknowledgement, until approved', async () => {
    await start({ admission: 'approve' })
    const hs = await server.request('/iclock/cdata?SN=NEW1&options=all&pushver=2.4.1')
    expect([hs.status, await hs.text()]).toEqual([200, 'OK'])
    const data = await server.request('/iclock/cdata?SN=NEW1&table=ATTLOG', {
      method: 'POST',
      body: PUNCH,
    })
    expect(data.status).toBe(200)
    expect(await data.text()).not.toMatch(/^OK/)
    expect(await punchCount()).toBe(0)
    expect(await (await server.request('/iclock/getrequest?SN=NEW1')).text()).toBe('OK')
    await server.services.presence.flush()
    const pending = await server.services.devices.get('NEW1')
    expect(pending?.status).toBe('pending')
    expect(pending?.lastSeenAt).toBeNull()
    expect(pending?.lastKnockAt).toBeTruthy()
    await server.services.devices.approve('NEW1')
    const again = await server.request('/iclock/cdata?SN=NEW1&table=ATTLOG', {
      method: 'POST',
      body: PUNCH,
    })
    expect(await again.text()).toBe('OK:1')
    expect(await (await server.request('/iclock/cdata?SN=NEW1&options=all')).text()).toMatch(
      /^GET OPTION FROM: NEW1/,
    )
  })

  it('token: a request without the secret stores nothing it says, only that it knocked', async () => {
    await start({ admission: 'token' })
    await server.request('/iclock/cdata?SN=TOK2&options=all')
    const token = await server.services.devices.setToken('TOK2')
    const own = await server.request(`/iclock/${token}/cdata?SN=TOK2&table=ATTLOG&Stamp=100`, {
      method: 'POST',
      body: PUNCH,
    })
    expect(await own.text()).toBe('OK:1')
    // The address shown is the request's source; the reported `ip=` is telemetry.
    await server.request(`/iclock/${token}/getrequest?SN=TOK2&temp=30&ip=10.9.9.9`, {
      remoteAddress: '10.1.1.1',
    })
    await server.services.presence.flush()
    const before = await server.services.devices.get('TOK2')
    const forged = [
      '/iclock/getrequest?SN=TOK2&temp=99&ip=6.6.6.6&gitver=evil&INFO=Ver%20evil,1,2,3,6.6.6.6',
      '/iclock/nottheright/getrequest?SN=TOK2&temp=98',
      '/iclock/cdata?SN=TOK2&options=all&pushver=9.9.9&language=99',
    ]
    for (const path of forged) await server.request(path, { remoteAddress: '203.0.113.7' })
    await server.request('/iclock/cdata?SN=TOK2&table=ATTLOG&Stamp=1', {
      method: 'POST',
      body: PUNCH,
      remoteAddress: '203.0.113.7',
    })
    await server.services.presence.flush()
    const after = await server.services.devices.get('TOK2')
    expect(after?.stamps).toEqual({ ATTLOG: '100' })
    expect(after?.ip).toBe('10.1.1.1')
    expect(after?.firmware).toBe(before?.firmware)
    expect(after?.pushver).toBe(before?.pushver)
    expect(after?.telemetry).toEqual(before?.telemetry)
    expect(after?.lastSeenAt).toEqual(before?.lastSeenAt)
    expect(after?.lastKnockAt).toBeTruthy()
    expect(after?.knockIp).toBe('203.0.113.7')
    const hs = await server.request(`/iclock/cdata?SN=TOK2&options=all&pushcommkey=${token}`)
    expect(await hs.text()).toMatch(/^Stamp=100$/m)
  })

  it('approve: a pending device is registered by its serial alone', async () => {
    await start({ admission: 'approve' })
    await server.request(
      '/iclock/cdata?SN=NEW3&options=all&pushver=3.1.2&DeviceType=acc&language=69',
    )
    await server.request('/iclock/getrequest?SN=NEW3&temp=50&INFO=Ver%201,2,3,4,9.9.9.9')
    await server.services.presence.flush()
    const row = await server.services.devices.get('NEW3')
    expect(row).toMatchObject({ status: 'pending', pushver: null, language: null, ip: null })
    expect(row?.telemetry).toEqual({})
    expect(row?.lastKnockAt).toBeTruthy()
  })

  it('caps the pending devices: unknown serials beyond the cap are not registered', async () => {
    await start({ admission: 'approve', maxPendingDevices: 3 })
    for (let i = 0; i < 10; i++) {
      const res = await server.request(`/iclock/cdata?SN=KNOCK${i}&options=all`, {
        remoteAddress: `198.51.100.${i}`,
      })
      expect(await res.text()).toBe('OK')
    }
    const data = await server.request('/iclock/cdata?SN=KNOCK9&table=ATTLOG', {
      method: 'POST',
      body: PUNCH,
    })
    expect([data.status, await data.text()]).toEqual([200, 'PENDING'])
    expect(await (await server.request('/iclock/getrequest?SN=KNOCK9')).text()).toBe('OK')
    await server.services.presence.flush()
    const rows = await server.services.db.select().from(devices)
    expect(rows.map((r) => r.sn).sort()).toEqual(['KNOCK0', 'KNOCK1', 'KNOCK2'])
    await server.services.devices.approve('KNOCK0')
    await server.request('/iclock/cdata?SN=KNOCK9&options=all')
    expect((await server.services.devices.get('KNOCK9'))?.status).toBe('pending')
  })

  it('forgets pending devices that have not knocked for the pending TTL, and only those', async () => {
    await start({ admission: 'approve', pendingDeviceTtlHours: 1 })
    const old = new Date(Date.now() - 2 * 3_600_000)
    await server.services.db.insert(devices).values([
      { sn: 'STALE', status: 'pending', createdAt: old },
      { sn: 'KNOCKED', status: 'pending', createdAt: old, lastKnockAt: new Date() },
      { sn: 'FRESH', status: 'pending' },
      { sn: 'KEPT', status: 'approved', createdAt: old },
      { sn: 'NO', status: 'refused', createdAt: old },
    ])
    expect(await server.services.devices.expirePending()).toBe(1)
    const left = (await server.services.db.select().from(devices)).map((r) => r.sn).sort()
    expect(left).toEqual(['FRESH', 'KEPT', 'KNOCKED', 'NO'])
  })

  it('does not store log uploads of a pending device', async () => {
    await start({ admission: 'approve' })
    const form = new FormData()
    form.set('file', new File(['secret'], 'x.log'))
    form.set('sn', 'NEW2')
    const res = await server.request('/iclock/upload-log?SN=NEW2', { method: 'POST', body: form })
    expect(await res.text()).not.toMatch(/^OK/)
    expect(await server.services.db.select().from(deviceLogs)).toHaveLength(0)
  })

  it('refused devices stay unacknowledged', async () => {
    await start({ admission: 'open' })
    await server.request('/iclock/cdata?SN=BAD1&options=all')
    await server.services.devices.refuse('BAD1')
    const data = await server.request('/iclock/cdata?SN=BAD1&table=ATTLOG', {
      method: 'POST',
      body: PUNCH,
    })
    expect(await data.text()).not.toMatch(/^OK/)
    expect(await (await server.request('/iclock/cdata?SN=BAD1&options=all')).text()).toBe('OK')
    expect(await punchCount()).toBe(0)
  })

  it('token: the secret as pushcommkey or in the path admits; a bad or missing one does not', async () => {
    await start({ admission: 'token' })
    await server.request('/iclock/cdata?SN=TOK1&options=all')
    const token = await server.services.devices.setToken('TOK1')
    const hs = await server.request(`/iclock/cdata?SN=TOK1&options=all&pushcommkey=${token}`)
    expect(await hs.text()).toMatch(/^GET OPTION FROM: TOK1/)
    const good = await server.request(`/iclock/${token}/cdata?SN=TOK1&table=ATTLOG`, {
      method: 'POST',
      body: PUNCH,
    })
    expect(await good.text()).toBe('OK:1')
    const bad = await server.request('/iclock/nottheright/cdata?SN=TOK1&table=ATTLOG', {
      method: 'POST',
      body: '2\t2025-01-15 08:00:00\t0\t1\n',
    })
    expect([bad.status, (await bad.text()).startsWith('OK')]).toEqual([200, false])
    const none = await server.request('/iclock/cdata?SN=TOK1&table=ATTLOG', {
      method: 'POST',
      body: '3\t2025-01-15 08:00:00\t0\t1\n',
    })
    expect((await none.text()).startsWith('OK')).toBe(false)
    expect(await punchCount()).toBe(1)
  })

  it('rejects a body over the limit with 413 and stores nothing', async () => {
    await start({ maxBodyBytes: 1024 })
    const big = PUNCH.repeat(100)
    const res = await server.request('/iclock/cdata?SN=BIG1&table=ATTLOG', {
      method: 'POST',
      body: big,
    })
    expect(res.status).toBe(413)
    expect(res.headers.get('date')).toBeTruthy()
    expect(await punchCount()).toBe(0)
  })

  it('slows a device over its rate: data is not acknowledged, polls get OK', async () => {
    await start({ deviceRateLimit: 2 })
    const replies: string[] = []
    for (let i = 0; i < 4; i++) {
      const body = `${i}\t2025-01-15 08:00:0${i}\t0\t1\n`
      replies.push(
        await (
          await server.request('/iclock/cdata?SN=FAST&table=ATTLOG', { method: 'POST', body })
        ).text(),
      )
    }
    expect(replies.slice(0, 2)).toEqual(['OK:1', 'OK:1'])
    expect(replies.slice(2).some((r) => !r.startsWith('OK'))).toBe(true)
    expect(await (await server.request('/iclock/getrequest?SN=FAST')).text()).toBe('OK')
  })

  it('answers garbage with OK or a rejection, never a crash', async () => {
    await start({})
    const odd = [
      ['/iclock/cdata?SN=G1&table=ATTLOG', '\0\xff\xfe garbage \t\t\n\n\r\n'],
      ['/iclock/cdata?SN=G1&table=OPERLOG', 'USER\nFP PIN=\nOPLOG x'],
      ['/iclock/devicecmd?SN=G1', 'Return=abc&CMD='],
      ['/iclock/cdata?table=ATTLOG', PUNCH],
      ['/iclock/cdata?SN=%20&table=ATTLOG', PUNCH],
    ]
    for (const [path, body] of odd) {
      const res = await server.request(path as string, { method: 'POST', body: body as string })
      expect(res.status).toBe(200)
      if (!path?.includes('SN=G1')) expect(await res.text()).not.toMatch(/^OK/)
    }
    expect(await punchCount()).toBe(0)
  })

  const upload = (path: string, body: string, remoteAddress: string, headers = {}) =>
    server.request(path, { method: 'POST', body, remoteAddress, headers }).then((r) => r.text())

  it('a flood under a victim’s serial by unadmitted clients never rate-limits the victim', async () => {
    await start({ admission: 'token', deviceRateLimit: 20 })
    await server.request('/iclock/cdata?SN=VICTIM&options=all')
    const token = await server.services.devices.setToken('VICTIM')
    const replies: string[] = []
    for (let i = 0; i < 20; i++) {
      const flood = []
      for (let j = 0; j < 5; j++) {
        for (const attacker of ['198.51.100.1', '198.51.100.2']) {
          flood.push(upload('/iclock/cdata?SN=VICTIM&table=ATTLOG', punch(100 + i), attacker))
        }
      }
      await Promise.all(flood)
      replies.push(
        await upload(`/iclock/${token}/cdata?SN=VICTIM&table=ATTLOG`, punch(i), '192.0.2.10'),
      )
    }
    expect(replies).toEqual(Array.from({ length: 20 }, () => 'OK:1'))
  })

  it('limits unadmitted requests per source address, whatever serial or X-Forwarded-For they claim', async () => {
    await start({ admission: 'approve', deviceRateLimit: 3 })
    const replies: string[] = []
    for (let i = 0; i < 10; i++) {
      replies.push(
        await upload(`/iclock/cdata?SN=FAKE${i}&table=ATTLOG`, punch(i), '198.51.100.9', {
          'x-forwarded-for': `10.9.9.${i}`,
        }),
      )
    }
    expect(replies.filter((r) => r === 'ERROR: rate limited').length).toBeGreaterThanOrEqual(6)
    // Another address has its own budget.
    expect(await upload('/iclock/cdata?SN=FAKEX&table=ATTLOG', punch(1), '198.51.100.10')).toBe(
      'PENDING',
    )
  })

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    await start({ admission: 'approve', deviceRateLimit: 2, trustedProxies: ['10.0.0.0/8'] })
    const replies: string[] = []
    for (let i = 0; i < 6; i++) {
      replies.push(
        await upload(`/iclock/cdata?SN=BEHIND${i}&table=ATTLOG`, punch(i), '10.0.0.2', {
          'x-forwarded-for': `203.0.113.${i}, 10.0.0.3`,
        }),
      )
    }
    expect(replies).toEqual(Array.from({ length: 6 }, () => 'PENDING'))
    await server.services.presence.flush()
    expect((await server.services.devices.get('BEHIND5'))?.knockIp).toBe('203.0.113.5')
  })

  it('admitted devices behind one address each have their own budget', async () => {
    await start({ admission: 'approve', deviceRateLimit: 2 })
    await server.services.db
      .insert(devices)
      .values(['NAT1', 'NAT2', 'NAT3'].map((sn) => ({ sn, status: 'approved' as const })))
    const replies: string[] = []
    for (const sn of ['NAT1', 'NAT2', 'NAT3']) {
      for (let i = 0; i < 2; i++) {
        replies.push(await upload(`/iclock/cdata?SN=${sn}&table=ATTLOG`, punch(i), '192.0.2.50'))
      }
    }
    expect(replies).toEqual(Array.from({ length: 6 }, () => 'OK:1'))
  })

  it('on a real socket, unadmitted requests are limited by the socket address', async () => {
    await start({ admission: 'approve', deviceRateLimit: 3 })
    const listening = serveApp(server.app, { port: 0, hostname: '127.0.0.1' })
    server.app.server = listening
    try {
      const replies: string[] = []
      for (let i = 0; i < 8; i++) {
        const res = await fetch(
          `http://127.0.0.1:${listening.port}/iclock/cdata?SN=SOCK${i}&table=ATTLOG`,
          {
            method: 'POST',
            body: punch(i),
            headers: { 'x-forwarded-for': `10.7.7.${i}` },
          },
        )
        replies.push(await res.text())
      }
      expect(replies.filter((r) => r === 'ERROR: rate limited').length).toBeGreaterThanOrEqual(4)
      await server.services.presence.flush()
      expect((await server.services.devices.get('SOCK0'))?.knockIp).toBe('127.0.0.1')
    } finally {
      await listening.stop(true)
    }
  })
})
