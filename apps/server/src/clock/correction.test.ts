import { wallClockFromInstant } from '@webroster/protocol'
import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import type { ServerConfig } from '../config'
import { commands } from '../db/schema'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SN = 'CLK0001'
const ZONE = 'Europe/Madrid'

describe.each(testDbKinds())('automatic clock correction on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  let clock: Date
  const start = async (overrides: Partial<ServerConfig> = {}) => {
    clock = new Date('2025-02-01T09:00:00Z')
    server = await createTestServer(
      kind,
      { defaultTimeZone: ZONE, commandRedeliverySeconds: 120, ...overrides },
      () => clock,
    )
    await server.request(`/iclock/cdata?SN=${SN}&options=all&pushver=2.4.1`)
    // Only a device whose zone someone set gets automatic corrections.
    await server.services.devices.update(SN, { timeZone: ZONE })
  }
  afterEach(async () => {
    await server.close()
  })
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms)
  }
  /** A poll from a terminal whose wall clock is `skewSeconds` off the server's. */
  const skewedPoll = async (skewSeconds: number) => {
    const wall = wallClockFromInstant(new Date(clock.getTime() + skewSeconds * 1000), ZONE)
    const res = await server.request(
      `/iclock/getrequest?SN=${SN}&current_time=${encodeURIComponent(wall)}`,
    )
    return res.text()
  }
  const setTimes = () =>
    server.services.db
      .select()
      .from(commands)
      .where(and(eq(commands.sn, SN), eq(commands.type, 'set-time')))
  const telemetry = async () => {
    await server.services.presence.flush()
    return (await server.services.devices.get(SN))?.telemetry ?? {}
  }
  /** `clockSkewSeconds` and `timeIssue` as GET /api/devices/:sn and the list show them. */
  const views = async () => {
    await server.services.presence.flush()
    server.services.devices.invalidate(SN)
    const one = (await (await server.request(`/api/devices/${SN}`)).json()) as Record<
      string,
      unknown
    >
    const { items: list } = (await (await server.request('/api/devices')).json()) as {
      items: Array<Record<string, unknown>>
    }
    const pick = (v: Record<string, unknown> | undefined) => ({
      clockSkewSeconds: v?.clockSkewSeconds,
      timeIssue: v?.timeIssue,
    })
    return [pick(one), pick(list.find((d) => d.sn === SN))]
  }
  const attlog = (times: string[]) =>
    server.request(`/iclock/cdata?SN=${SN}&table=ATTLOG&Stamp=9`, {
      method: 'POST',
      body: times.map((t, i) => `${100 + i}\t${t}\t0\t1\t0\t0\t0\n`).join(''),
    })

  it('sends a skewed terminal exactly one set-time across many polls, on the poll that saw it', async () => {
    await start()
    const first = await skewedPoll(300)
    expect(first).toMatch(/^C:[A-Za-z0-9]+:SET OPTION DateTime=\d+\n$/)
    for (let i = 0; i < 20; i++) {
      advance(5_000)
      expect(await skewedPoll(300)).toBe('OK')
    }
    const rows = await setTimes()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'sent', createdBy: 'clock-sync' })
    expect(await telemetry()).toMatchObject({
      clockSkewSeconds: 300,
      clockSkewSource: 'device-time',
      clockSkewAt: clock.toISOString(),
    })
    const flagged = { clockSkewSeconds: 300, timeIssue: 'clock-skew' }
    expect(await views()).toEqual([flagged, flagged])
  })

  it('does not queue again within ten minutes of a completed one, then does', async () => {
    await start()
    const line = await skewedPoll(-600)
    const id = /^C:([A-Za-z0-9]+):/.exec(line)?.[1]
    expect(id).toBeDefined()
    await server.request(`/iclock/devicecmd?SN=${SN}`, {
      method: 'POST',
      body: `ID=${id}&Return=0&CMD=SET OPTION\n`,
    })
    // The device said yes but its clock is still wrong.
    advance(5 * 60_000)
    expect(await skewedPoll(-600)).toBe('OK')
    advance(6 * 60_000)
    expect(await skewedPoll(-600)).toMatch(/SET OPTION DateTime=/)
    const rows = await setTimes()
    expect(rows.map((r) => r.status).sort()).toEqual(['sent', 'succeeded'])
  })

  it("holds off for ten minutes after an operator's own set-time completes", async () => {
    await start()
    const at = new Date(clock.getTime() + 3_600_000).toISOString()
    const res = await server.request(`/api/devices/${SN}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'set-time', at }),
    })
    const { id } = (await res.json()) as { id: string }
    expect(await skewedPoll(0)).toContain(`C:${id}:SET OPTION`)
    await server.request(`/iclock/devicecmd?SN=${SN}`, {
      method: 'POST',
      body: `ID=${id}&Return=0&CMD=SET OPTION\n`,
    })
    advance(60_000)
    expect(await skewedPoll(2000)).toBe('OK')
    advance(10 * 60_000)
    expect(await skewedPoll(2000)).toMatch(/SET OPTION DateTime=/)
  })

  it('leaves a clock within the threshold alone', async () => {
    await start()
    expect(await skewedPoll(90)).toBe('OK')
    expect(await setTimes()).toHaveLength(0)
    expect(await telemetry()).toMatchObject({ clockSkewSeconds: 90 })
    const fine = { clockSkewSeconds: 90, timeIssue: null }
    expect(await views()).toEqual([fine, fine])
  })

  it('never queues with threshold 0, but still records the skew', async () => {
    await start({ clockSyncThresholdSeconds: 0 })
    for (let i = 0; i < 3; i++) expect(await skewedPoll(2000)).toBe('OK')
    expect(await setTimes()).toHaveLength(0)
    expect(await telemetry()).toMatchObject({ clockSkewSeconds: 2000 })
    // Correction is off, the flag still uses the default limit.
    const flagged = { clockSkewSeconds: 2000, timeIssue: 'clock-skew' }
    expect(await views()).toEqual([flagged, flagged])
  })

  it('does not count an offline backlog of old punches as skew', async () => {
    await start()
    const old = [-3 * 3600, -2 * 3600, -90].map((s) =>
      wallClockFromInstant(new Date(clock.getTime() + s * 1000), ZONE),
    )
    expect(await (await attlog(old)).text()).toBe('OK:3')
    expect(await setTimes()).toHaveLength(0)
    expect(await telemetry()).not.toHaveProperty('clockSkewSeconds')
    const unknown = { clockSkewSeconds: null, timeIssue: null }
    expect(await views()).toEqual([unknown, unknown])
  })

  it('reads skew from real-time punches: a fresh one records it, one from the future corrects', async () => {
    await start()
    const at = (s: number) => wallClockFromInstant(new Date(clock.getTime() + s * 1000), ZONE)
    // An old buffered punch beside a fresh one: the freshest decides.
    await attlog([at(-7200), at(-30)])
    expect(await telemetry()).toMatchObject({ clockSkewSeconds: -30, clockSkewSource: 'punch' })
    expect(await setTimes()).toHaveLength(0)
    advance(60_000)
    await attlog([at(240)])
    expect(await telemetry()).toMatchObject({ clockSkewSeconds: 240, clockSkewSource: 'punch' })
    expect(await setTimes()).toHaveLength(1)
  })

  it('prefers a fresh current_time reading over punch estimates', async () => {
    await start()
    await skewedPoll(10)
    await server.services.presence.flush()
    server.services.devices.invalidate(SN)
    await attlog([wallClockFromInstant(new Date(clock.getTime() + 500_000), ZONE)])
    expect(await telemetry()).toMatchObject({
      clockSkewSeconds: 10,
      clockSkewSource: 'device-time',
    })
    expect(await setTimes()).toHaveLength(0)
  })
})
