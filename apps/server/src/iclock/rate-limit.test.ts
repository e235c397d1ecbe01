import { afterEach, describe, expect, it } from 'vitest'
import type { ServerConfig } from '../config'
import { devices } from '../db/schema'
import { testDbKinds } from '../db/test-databases'
import { createTestServer, type TestServer } from '../test-server'

const punch = (i: number) => `${i}\t2025-01-15 08:${String(i % 60).padStart(2, '0')}:00\t0\t1\n`

describe.each(testDbKinds())('iclock rate limits on %s', { timeout: 60_000 }, (kind) => {
  let server: TestServer
  const start = async (overrides: Partial<ServerConfig>) => {
    server = await createTestServer(kind, overrides)
  }
  afterEach(async () => {
    await server.close()
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
})
