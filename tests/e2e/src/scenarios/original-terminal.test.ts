import { beforeAll, describe, expect, it } from 'vitest'
import {
  allPunches,
  duplicatePunches,
  OriginalTerminal,
  ok,
  queueCommand,
  type ServerHandle,
  useScenario,
  waitFor,
} from '../harness'

/** The original terminal's TIMEZONE_OFFSET default: its wall clock runs at UTC−6. */
const OFFSET_HOURS = -6

/** Three redelivery periods of the harness (COMMAND_REDELIVERY_SECONDS=5), polled every second. */
const WATCH_MS = 16_000

/** What the server should store for an event: its time without the `T` and the microseconds. */
const wallOf = (timestamp: string) => timestamp.replace('T', ' ').slice(0, 19)

describe('the original Webroster terminal, unmodified, against DEVICE_ADMISSION=approve', () => {
  const scenario = useScenario()
  let server: ServerHandle

  beforeAll(async () => {
    // The server's default zone is not the terminal's: UTC here, UTC−6 on the terminal.
    server = await scenario.server({
      database: await scenario.database(),
      admission: 'approve',
      env: { TZ_DEFAULT: 'UTC' },
    })
  })

  it('SN=None: nothing is acknowledged, so the terminal deletes nothing', async () => {
    const terminal = new OriginalTerminal({ serverUrl: server.url, sn: 'None' })
    await terminal.handshake()
    for (const pin of ['101', '102', '103']) terminal.checkIn(pin)
    await terminal.cycle()
    await terminal.cycle()
    const pushes = terminal.exchanges.filter((x) => x.method === 'POST')
    expect(pushes.map((x) => x.status)).toEqual([400, 400])
    expect(terminal.unsynced()).toHaveLength(3)
    expect((await terminal.uploadLog('webroster-2025-05-20.log', 'a log line\n')).status).toBe(400)
    expect(terminal.logFiles.size).toBe(1)
    expect((await ok(server.client.api.devices.get(), 'devices')).items).not.toContainEqual(
      expect.objectContaining({ sn: 'None' }),
    )
  })

  it('pending: punches and the log are kept, then every acknowledged punch is stored exactly once', async () => {
    const terminal = new OriginalTerminal({
      serverUrl: server.url,
      sn: 'WBIO0E2E01',
      utcOffsetHours: OFFSET_HOURS,
    })
    expect((await terminal.handshake()).status).toBe(200)
    for (const pin of ['148772', '148773', '148774']) terminal.checkIn(pin)
    await terminal.cycle()
    await terminal.cycle()
    expect(terminal.unsynced()).toHaveLength(3)
    expect((await terminal.uploadLog('webroster-2025-05-20.log', 'line one\n')).status).toBe(403)
    expect(terminal.logFiles.size).toBe(1)
    expect(await allPunches(server, { sn: terminal.sn })).toEqual([])

    await ok(server.client.api.devices({ sn: terminal.sn }).approve.post(), 'approve')
    terminal.checkIn('148775')
    await terminal.cycle()
    expect(terminal.unsynced()).toEqual([])
    expect((await terminal.uploadLog('webroster-2025-05-20.log', 'line one\n')).status).toBe(200)
    expect(terminal.logFiles.size).toBe(0)
    // A reply lost on the way: the terminal sends the same events again.
    for (const e of terminal.events) e.synced = false
    await terminal.push()

    const punches = await allPunches(server, { sn: terminal.sn })
    expect(duplicatePunches(punches)).toEqual([])
    const stored = punches.map((p) => `${p.pin} ${p.localTime}`).sort()
    const acked = terminal.acknowledged().map((e) => `${e.userId} ${wallOf(e.timestamp)}`)
    expect(stored).toEqual(acked.sort())
    expect(stored).toHaveLength(4)
    const rejected = await ok(
      server.client.api.devices({ sn: terminal.sn })['rejected-lines'].get(),
      'rejected lines',
    )
    expect(rejected.items).toEqual([])
  })

  it('gets the option block, shows its real address, and reads accented names as sent', async () => {
    const terminal = new OriginalTerminal({ serverUrl: server.url, sn: 'WBIO0E2E02' })
    await terminal.handshake()
    await ok(server.client.api.devices({ sn: terminal.sn }).approve.post(), 'approve')
    expect((await terminal.handshake()).body).toMatch(/^GET OPTION FROM: WBIO0E2E02\n/)
    await queueCommand(server, terminal.sn, {
      type: 'update-user',
      pin: '148772',
      name: 'Juan Pérez',
    })
    await terminal.poll()
    expect(terminal.users.get('148772')).toBe('Juan Pérez')
    // Last-seen details are written in batches: wait for the poll's.
    const device = await waitFor('the poll to be recorded', async () => {
      const d = await ok(server.client.api.devices({ sn: terminal.sn }).get(), 'device')
      return d.ip ? d : undefined
    })
    expect(device.ip).toBe('127.0.0.1')
    expect(device.telemetry).toMatchObject({ reportedIp: '127.0.1.1' })
  })

  it('UTC−6 read in a UTC default: a zone mismatch, no clock correction, punches re-read once the zone is set', async () => {
    const terminal = new OriginalTerminal({
      serverUrl: server.url,
      sn: 'WBIO0E2E03',
      utcOffsetHours: OFFSET_HOURS,
    })
    await terminal.handshake()
    await ok(server.client.api.devices({ sn: terminal.sn }).approve.post(), 'approve')
    const events = ['201', '202'].map((pin) => terminal.checkIn(pin))
    for (let i = 0; i < 3; i++) await terminal.cycle()
    expect(terminal.unsynced()).toEqual([])
    // Nothing moved the clock: no set-time was queued, and the terminal was handed no command at all.
    const commands = await ok(
      server.client.api.devices({ sn: terminal.sn }).commands.get(),
      'commands',
    )
    expect(commands.items.filter((c) => c.type === 'set-time')).toEqual([])
    expect(terminal.commandLines).toEqual([])
    const flagged = await waitFor('the skew to be recorded', async () => {
      const d = await ok(server.client.api.devices({ sn: terminal.sn }).get(), 'device')
      return d.timeIssue ? d : undefined
    })
    expect(flagged).toMatchObject({
      timeZoneConfirmed: false,
      timeIssue: 'zone-mismatch',
      suggestedUtcOffset: '-0600',
      punchesInAssumedZone: 2,
    })
    const early = await allPunches(server, { sn: terminal.sn })
    const offBy = (p: { pin: string; punchedAt: string }) =>
      Date.parse(p.punchedAt) - (events.find((e) => e.userId === p.pin)?.at.getTime() ?? Number.NaN)
    // Read as UTC, every punch is six hours early (give or take the dropped microseconds).
    for (const p of early) expect(Math.abs(offBy(p) - OFFSET_HOURS * 3_600_000)).toBeLessThan(1000)

    await ok(
      server.client.api.devices({ sn: terminal.sn }).patch({ timeZone: 'America/Mexico_City' }),
      'set the zone',
    )
    const fixed = await allPunches(server, { sn: terminal.sn })
    expect(fixed).toHaveLength(2)
    for (const p of fixed) expect(Math.abs(offBy(p))).toBeLessThan(1000)
    expect(await ok(server.client.api.devices({ sn: terminal.sn }).get(), 'device')).toMatchObject({
      timeZoneConfirmed: true,
      timeIssue: null,
      punchesInAssumedZone: 0,
    })
  })

  it('never acknowledging: each command is handed over once, a reboot as CONTROL DEVICE 03000000, no loop', async () => {
    const terminal = new OriginalTerminal({ serverUrl: server.url, sn: 'WBIO0E2E05' })
    await terminal.handshake()
    await ok(server.client.api.devices({ sn: terminal.sn }).approve.post(), 'approve')
    const user = await queueCommand(server, terminal.sn, {
      type: 'update-user',
      pin: '148772',
      name: 'Juan Pérez',
    })
    const reboot = await queueCommand(server, terminal.sn, { type: 'reboot' })
    const until = Date.now() + WATCH_MS
    while (Date.now() < until) {
      await terminal.cycle()
      await new Promise((r) => setTimeout(r, 1000))
    }
    const linesFor = (id: number) => terminal.commandLines.filter((l) => l.startsWith(`C:${id}:`))
    expect(linesFor(user)).toHaveLength(1)
    expect(linesFor(reboot)).toEqual([`C:${reboot}:CONTROL DEVICE 03000000`])
    expect(terminal.reboots).toBe(1)
    expect(terminal.users.get('148772')).toBe('Juan Pérez')
    // Delivered is all the server can know of a terminal that never answers; a reboot may also be proved
    // done by the handshake that follows it.
    const userView = await ok(server.client.api.commands({ id: user }).get(), 'user command')
    expect(userView).toMatchObject({ status: 'delivered', attempts: 1 })
    const rebootView = await ok(server.client.api.commands({ id: reboot }).get(), 'reboot')
    expect(['delivered', 'succeeded']).toContain(rebootView.status)
    expect(rebootView.attempts).toBe(1)
  })
})
