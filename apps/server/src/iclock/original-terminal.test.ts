import { afterEach, describe, expect, it } from 'vitest'
import { punches, rejectedLines } from '../db/schema'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

/** The query fields of the original Webroster Python terminal (`pushver=3.0.0`, no `DeviceType`). */
const QUERY = 'options=all&language=101&pushver=3.0.0&PushOptionsFlag=1'
const HEADERS = { 'user-agent': 'Mindware_bioterminal', accept: '*/*', connection: 'close' }

describe.each(testDbKinds())(
  'the original Webroster terminal on %s',
  { timeout: 30_000 },
  (kind) => {
    let server: TestServer
    afterEach(async () => {
      await server.close()
    })

    it('gets the attendance option block for its pushver=3.0.0 handshake without DeviceType', async () => {
      server = await createTestServer(kind, { admission: 'open' })
      const res = await server.request(`/iclock/cdata?SN=WBIO00D1&${QUERY}`, { headers: HEADERS })
      expect(await res.text()).toMatch(/^GET OPTION FROM: WBIO00D1\n/)
      expect((await server.services.devices.get('WBIO00D1'))?.deviceType).toBe('att')
    })

    it('still treats DeviceType=acc, and a device that registered, as Security PUSH', async () => {
      server = await createTestServer(kind, { admission: 'open' })
      const acc = await server.request(
        '/iclock/cdata?SN=ACC00D1&options=all&pushver=3.1.2&DeviceType=acc',
      )
      expect(await acc.text()).toBe('OK')
      const reg = await server.request('/iclock/registry?SN=ACC00D1', {
        method: 'POST',
        body: 'DeviceType=acc,~DeviceName=F20,FirmVer=AC Ver 1.0',
      })
      expect(await reg.text()).toMatch(/^RegistryCode=/)
      // Security PUSH firmware says `Accept: application/push` even without DeviceType.
      const byHeader = await server.request('/iclock/cdata?SN=ACC00D2&options=all&pushver=3.1.2', {
        headers: { accept: 'application/push' },
      })
      expect(await byHeader.text()).toBe('OK')
      expect((await server.services.devices.get('ACC00D2'))?.deviceType).toBe('acc')
      // Some Security PUSH firmware leaves DeviceType out of later handshakes: the registration decides.
      const again = await server.request('/iclock/cdata?SN=ACC00D1&options=all&pushver=3.1.2')
      expect(await again.text()).toMatch(/^registry=ok\n/)
    })

    it('stores its punches with no rejected line for the ATTLOG header line', async () => {
      server = await createTestServer(kind, { admission: 'open' })
      const body =
        'ATTLOG\n148772\t2025-05-20T08:30:00.123456\t0\t0\t0\n148773\t2025-05-20T08:31:05\t0\t0\t0'
      const res = await server.request('/iclock/cdata?SN=WBIO00D2&table=ATTLOG', {
        method: 'POST',
        body,
        headers: { ...HEADERS, 'content-type': 'text/plain' },
      })
      expect([res.status, await res.text()]).toEqual([200, 'OK:2'])
      const rows = await server.services.db.select().from(punches)
      expect(rows.map((r) => r.localTime).sort()).toEqual([
        '2025-05-20 08:30:00',
        '2025-05-20 08:31:05',
      ])
      expect(await server.services.db.select().from(rejectedLines)).toEqual([])
    })

    it('shows the address its requests come from; the ip= it reports is telemetry only', async () => {
      server = await createTestServer(kind, { admission: 'open' })
      const listening = server.app.listen({ port: 0, hostname: '127.0.0.1' })
      try {
        const url = `http://127.0.0.1:${listening.server?.port}`
        await fetch(`${url}/iclock/cdata?SN=WBIO00D3&${QUERY}`, { headers: HEADERS })
        const poll = await fetch(
          `${url}/iclock/getrequest?SN=WBIO00D3&${QUERY}&ip=127.0.1.1&current_time=2025-05-20%2008:30:00`,
          { headers: HEADERS },
        )
        expect(poll.status).toBe(200)
      } finally {
        await listening.stop()
      }
      await server.services.presence.flush()
      const row = await server.services.devices.get('WBIO00D3')
      expect(row?.ip).toBe('127.0.0.1')
      expect(row?.telemetry).toMatchObject({ reportedIp: '127.0.1.1' })
    })
  },
)
