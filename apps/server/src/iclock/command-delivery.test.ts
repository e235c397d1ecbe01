import { ORIGINAL_TERMINAL_USER_AGENT } from '@webroster/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SN = 'CD0001'
const ORIGINAL = 'WBIO1A2B3C'

describe.each(testDbKinds())('command delivery to terminals on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  let clock: Date
  beforeEach(async () => {
    clock = new Date('2025-02-01T09:00:00Z')
    server = await createTestServer(kind, { commandRedeliverySeconds: 120 }, () => clock)
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })
  const advance = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000)
  }
  const handshake = (sn: string, headers: HeadersInit = {}) =>
    server.request(`/iclock/cdata?SN=${sn}&options=all&pushver=2.4.1`, { headers })
  const poll = async (sn: string, headers: HeadersInit = {}) =>
    (await server.request(`/iclock/getrequest?SN=${sn}`, { headers })).text()
  const queue = async (sn: string, body: Record<string, unknown>) => {
    const res = await server.request(`/api/devices/${sn}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { id: number }).id
  }
  const view = async (id: number) =>
    (await (await server.request(`/api/commands/${id}`)).json()) as Record<string, unknown>

  it('sends numeric 32-bit ids and records the result firmware sends with spaces', async () => {
    await handshake(SN)
    const first = await queue(SN, { type: 'info' })
    const second = await queue(SN, { type: 'check' })
    const body = await poll(SN)
    const ids = [...body.matchAll(/^C:([0-9]+):/gm)].map((m) => Number(m[1]))
    expect(ids).toEqual([first, second])
    for (const id of ids) expect(id >= 1 && id <= 2 ** 31 - 1).toBe(true)
    expect(second).toBeGreaterThan(first)
    const res = await server.request(`/iclock/devicecmd?SN=${SN}`, {
      method: 'POST',
      body: `ID = ${first} & Return = 0 & CMD = INFO\r\nID = ${second} & Return = -1002 & CMD = CHECK\r\n`,
    })
    expect(await res.text()).toBe('OK')
    expect(await view(first)).toMatchObject({ id: first, status: 'succeeded', returnCode: 0 })
    expect(await view(second)).toMatchObject({ status: 'failed', returnCode: -1002 })
    expect((await server.request('/api/commands/v4o1ztekxp94lo2p')).status).toBe(400)
    expect((await server.request('/api/commands/99999999')).status).toBe(404)
    expect((await server.request('/api/commands/99999999999999999999')).status).toBe(400)
  })

  it('counts a reboot done when the device handshakes again after it was delivered', async () => {
    await handshake(SN)
    const reboot = await queue(SN, { type: 'reboot' })
    const info = await queue(SN, { type: 'info' })
    // A handshake before delivery proves nothing.
    await handshake(SN)
    expect(await view(reboot)).toMatchObject({ status: 'queued' })
    expect(await poll(SN)).toBe(`C:${info}:INFO\nC:${reboot}:REBOOT\n`)
    advance(40)
    await handshake(SN)
    expect(await view(reboot)).toMatchObject({ status: 'succeeded', reason: 'restarted' })
    expect(await view(info)).toMatchObject({ status: 'sent' })
    advance(600)
    expect(await poll(SN)).toBe(`C:${info}:INFO\n`)
  })

  it('delivers once, in the form it obeys, to the original Webroster terminal, and shows it delivered', async () => {
    const ua = { 'user-agent': ORIGINAL_TERMINAL_USER_AGENT }
    await handshake(ORIGINAL, ua)
    const user = await queue(ORIGINAL, { type: 'update-user', pin: '148772', name: 'Juan Pérez' })
    // It would read a delete as an upsert of the very person: that is never sent to it.
    const del = await queue(ORIGINAL, { type: 'delete-user', pin: '99' })
    const reboot = await queue(ORIGINAL, { type: 'reboot' })
    const body = await poll(ORIGINAL, ua)
    expect(body).toMatch(new RegExp(`^C:${user}:DATA UPDATE USERINFO PIN=148772\\tName=Juan Pérez`))
    expect(body.endsWith(`\nC:${reboot}:CONTROL DEVICE 03000000\n`)).toBe(true)
    expect(body.split('\n').filter((l) => l !== '')).toHaveLength(2)
    expect(await view(del)).toMatchObject({ status: 'failed', reason: 'unsupported', attempts: 0 })
    for (const id of [user, reboot]) {
      expect(await view(id)).toMatchObject({
        status: 'delivered',
        reason: 'no-acknowledgement',
        attempts: 1,
        returnCode: null,
      })
    }
    expect((await view(reboot)).text).toBe('CONTROL DEVICE 03000000')
    // It restarts and polls every 20 s for a week: nothing is ever sent again, nothing becomes succeeded.
    for (let i = 0; i < 60; i++) {
      advance(20)
      if (i % 10 === 0) await handshake(ORIGINAL, ua)
      expect(await poll(ORIGINAL, ua)).toBe('OK')
    }
    advance(8 * 24 * 3600)
    await server.services.commands.expire()
    expect(await view(reboot)).toMatchObject({ status: 'delivered', attempts: 1 })
    const listed = await server.request(`/api/devices/${ORIGINAL}/commands?status=delivered`)
    expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(2)
  })
})
