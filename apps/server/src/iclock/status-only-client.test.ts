import { afterEach, describe, expect, it } from 'vitest'
import { deviceLogs, punches } from '../db/schema'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

/** The original Webroster Python terminal: it judges every reply by its HTTP status alone. */
const LEGACY = { 'user-agent': 'Mindware_bioterminal', 'content-type': 'text/plain' }
const PUNCH = 'ATTLOG\n148772\t2025-05-20T08:30:00.123456\t0\t0\t0'

describe.each(testDbKinds())(
  'replies to a status-only terminal, and their charset, on %s',
  { timeout: 30_000 },
  (kind) => {
    let server: TestServer
    afterEach(() => server.close())
    const storedPins = async () =>
      (await server.services.db.select({ pin: punches.pin }).from(punches)).map((r) => r.pin)
    const push = (sn: string, headers: Record<string, string> = LEGACY) =>
      server.request(`/iclock/cdata?SN=${sn}&table=ATTLOG`, {
        method: 'POST',
        body: PUNCH,
        headers,
      })
    const logUpload = (sn: string) => {
      const form = new FormData()
      form.set('file', new File(['2025-05-20 line\n'], 'webroster-2025-05-20.log'))
      form.set('sn', sn)
      return server.request('/iclock/upload-log', {
        method: 'POST',
        body: form,
        headers: { 'user-agent': LEGACY['user-agent'] },
      })
    }

    it('answers a push from a pending device with a non-2xx status, then 200 OK once approved', async () => {
      server = await createTestServer(kind, { admission: 'approve' })
      const pending = await push('WBIO00A1B2')
      expect(pending.status).toBe(403)
      expect(await pending.text()).toBe('PENDING')
      expect(await storedPins()).toEqual([])
      await server.services.devices.approve('WBIO00A1B2')
      const stored = await push('WBIO00A1B2')
      expect([stored.status, await stored.text()]).toEqual([200, 'OK:1'])
      expect(await storedPins()).toEqual(['148772'])
    })

    it('answers a log upload from a pending device with a non-2xx status and stores nothing', async () => {
      server = await createTestServer(kind, { admission: 'approve' })
      const res = await logUpload('WBIO00A1B3')
      expect(res.status).toBe(403)
      expect(await server.services.db.select().from(deviceLogs)).toHaveLength(0)
      await server.services.devices.approve('WBIO00A1B3')
      expect((await logUpload('WBIO00A1B3')).status).toBe(200)
      expect(await server.services.db.select().from(deviceLogs)).toHaveLength(1)
    })

    it('answers SN=None (no Pi serial) with 400, for the push and the log upload', async () => {
      server = await createTestServer(kind, { admission: 'open' })
      const res = await push('None')
      expect([res.status, await res.text()]).toEqual([400, 'ERROR: missing or invalid SN'])
      expect((await logUpload('None')).status).toBe(400)
      expect(await storedPins()).toEqual([])
    })

    it('answers a push over the device rate with 429', async () => {
      server = await createTestServer(kind, { admission: 'open', deviceRateLimit: 1 })
      // Sent together, so the bucket (one request a second) cannot refill for all of them.
      const replies = await Promise.all([1, 2, 3, 4, 5].map(() => push('WBIO00A1B4')))
      const statuses = replies.map((r) => r.status)
      expect(statuses).toContain(429)
      expect(statuses.every((st) => st === 200 || st === 429)).toBe(true)
    })

    it('keeps answering ZKTeco firmware 200 with a non-OK body (it reads the body)', async () => {
      server = await createTestServer(kind, { admission: 'approve' })
      const firmware = { 'user-agent': 'iClock Proxy/1.09' }
      const res = await push('ZK0001', firmware)
      expect([res.status, await res.text()]).toEqual([200, 'PENDING'])
      const noSn = await push('None', firmware)
      expect([noSn.status, await noSn.text()]).toEqual([200, 'ERROR: missing or invalid SN'])
    })

    it('declares UTF-8 on every reply, so an accented name decodes as sent', async () => {
      server = await createTestServer(kind, { admission: 'open' })
      const hs = await server.request('/iclock/cdata?SN=WBIO00C1&options=all&pushver=2.4.1', {
        headers: LEGACY,
      })
      expect(hs.headers.get('content-type')).toBe('text/plain;charset=utf-8')
      await server.request('/api/devices/WBIO00C1/commands', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'update-user', pin: '148772', name: 'Juan Pérez' }),
      })
      const poll = await server.request('/iclock/getrequest?SN=WBIO00C1', { headers: LEGACY })
      expect(poll.headers.get('content-type')).toBe('text/plain;charset=utf-8')
      // What a client that honours the declared charset reads.
      const charset =
        /charset=([^;]+)/.exec(poll.headers.get('content-type') ?? '')?.[1] ?? 'latin1'
      const text = new TextDecoder(charset).decode(await poll.arrayBuffer())
      expect(text).toMatch(/^C:\w+:DATA UPDATE USERINFO PIN=148772\tName=Juan Pérez\s/)
    })
  },
)
