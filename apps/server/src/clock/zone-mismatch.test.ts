import { asc } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { punches } from '../db/schema'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

const SN = 'WBIOZONE1'
/** 14:30 UTC: a terminal at UTC−6 (the original Webroster terminal's default) reads 08:30. */
const NOW = new Date('2025-05-20T14:30:00Z')

describe.each(testDbKinds())('zones and clocks on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  beforeEach(async () => {
    server = await createTestServer(kind, { defaultTimeZone: 'UTC' }, () => NOW)
    await server.request(`/iclock/cdata?SN=${SN}&options=all&pushver=2.4.1`)
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })
  const poll = async (wall: string) =>
    (
      await server.request(`/iclock/getrequest?SN=${SN}&current_time=${encodeURIComponent(wall)}`)
    ).text()
  const setTimes = async () =>
    (await server.services.commands.listForDevice(SN)).items.filter((c) => c.type === 'set-time')
  const view = async () => {
    await server.services.presence.flush()
    server.services.devices.invalidate(SN)
    return (await (await server.request(`/api/devices/${SN}`)).json()) as Record<string, unknown>
  }
  const setZone = async (timeZone: string | null) => {
    const res = await server.request(`/api/devices/${SN}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeZone }),
    })
    expect(res.status).toBe(200)
    return (await res.json()) as Record<string, unknown>
  }
  const push = (lines: string[]) =>
    server.request(`/iclock/cdata?SN=${SN}&table=ATTLOG`, {
      method: 'POST',
      body: lines.map((l) => `${l}\t0\t1\t0\t0\t0\n`).join(''),
    })
  const punchRows = () => server.services.db.select().from(punches).orderBy(asc(punches.localTime))

  it('shows a UTC−6 terminal read in the default UTC as a zone mismatch and never corrects it', async () => {
    for (let i = 0; i < 3; i++) expect(await poll('2025-05-20 08:30:40')).toBe('OK')
    expect(await setTimes()).toHaveLength(0)
    expect(await view()).toMatchObject({
      timeZone: null,
      timeZoneConfirmed: false,
      clockSkewSeconds: -21_560,
      timeIssue: 'zone-mismatch',
      suggestedUtcOffsetMinutes: -360,
      suggestedUtcOffset: '-0600',
    })
  })

  it('sends no correction to a device whose zone nobody set, even for a plain drift', async () => {
    expect(await poll('2025-05-20 14:35:00')).toBe('OK')
    expect(await setTimes()).toHaveLength(0)
    expect(await view()).toMatchObject({ clockSkewSeconds: 300, timeIssue: 'clock-skew' })
    // Once the zone is set, the same drift is corrected.
    await setZone('UTC')
    expect(await poll('2025-05-20 14:35:00')).toMatch(/^C:\w+:SET OPTION DateTime=\d+\n$/)
  })

  it('takes a whole-hour skew for a zone even when the zone was set, and does not correct it', async () => {
    await setZone('Europe/Madrid')
    // Madrid is UTC+2 in May; a device showing 17:31 runs at UTC+3 (or its zone was set an hour off).
    expect(await poll('2025-05-20 17:31:10')).toBe('OK')
    expect(await setTimes()).toHaveLength(0)
    expect(await view()).toMatchObject({
      timeZoneConfirmed: true,
      timeIssue: 'zone-mismatch',
      suggestedUtcOffset: '+0300',
    })
  })

  it('re-reads punches stored under the default zone when the zone is set, and only those', async () => {
    expect(await (await push(['1\t2025-05-20 08:30:00', '2\t2025-05-20 08:31:00'])).text()).toBe(
      'OK:2',
    )
    await poll('2025-05-20 08:30:40')
    let rows = await punchRows()
    // Read as UTC: six hours early.
    expect(rows.map((r) => [r.punchedAt.toISOString(), r.assumedZone])).toEqual([
      ['2025-05-20T08:30:00.000Z', 'UTC'],
      ['2025-05-20T08:31:00.000Z', 'UTC'],
    ])
    expect(await view()).toMatchObject({ punchesInAssumedZone: 2, timeIssue: 'zone-mismatch' })

    const patched = await setZone('America/Mexico_City')
    expect(patched).toMatchObject({
      reread: { reread: 2, unreadable: 0 },
      punchesInAssumedZone: 0,
      timeZoneConfirmed: true,
      timeIssue: null,
      clockSkewSeconds: 40,
    })
    rows = await punchRows()
    expect(rows.map((r) => [r.localTime, r.punchedAt.toISOString(), r.assumedZone])).toEqual([
      ['2025-05-20 08:30:00', '2025-05-20T14:30:00.000Z', null],
      ['2025-05-20 08:31:00', '2025-05-20T14:31:00.000Z', null],
    ])

    // Later punches are read in the zone that was set; re-reading again changes nothing.
    await push(['3\t2025-05-20 08:32:00'])
    const [third] = (await punchRows()).filter((r) => r.pin === '3')
    expect([third?.punchedAt.toISOString(), third?.assumedZone]).toEqual([
      '2025-05-20T14:32:00.000Z',
      null,
    ])
    expect((await setZone('America/Mexico_City')).reread).toEqual({ reread: 0, unreadable: 0 })
  })

  it('re-reads on demand, and refuses to guess while no zone is set', async () => {
    const verb = () => server.request(`/api/devices/${SN}/reread-punches`, { method: 'POST' })
    await push(['1\t2025-05-20 08:30:00'])
    expect((await verb()).status).toBe(409)
    await setZone('America/Mexico_City')
    // A punch that was read in the default while the zone was being set.
    await server.services.punches.insert([
      {
        sn: SN,
        pin: '9',
        localTime: '2025-05-20 08:40:00',
        punchedAt: new Date('2025-05-20T08:40:00Z'),
        status: 0,
        verify: 1,
        assumedZone: 'UTC',
      },
    ])
    const res = await verb()
    expect([res.status, await res.json()]).toEqual([200, { reread: 1, unreadable: 0 }])
    const [late] = (await punchRows()).filter((r) => r.pin === '9')
    expect(late?.punchedAt.toISOString()).toBe('2025-05-20T14:40:00.000Z')
  })
})
