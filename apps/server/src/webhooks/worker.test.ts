import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commands, devices, people, punches, webhookDeliveries } from '../db/schema'
import { onlineWindowMs } from '../devices'
import { silentLogger } from '../logger'
import { writeSetting } from '../settings'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'
import { DAY_SHIFT } from '../testing/timesheet-fixtures'
import { startReceiver } from '../testing/webhook-receiver'
import { MAX_ATTEMPTS } from './backoff'
import { CURSOR_COMMAND } from './event-sources'
import { claimDue } from './outbox'
import { createWebhookWorker, SETTLE_MS, type WebhookWorker } from './worker'

const SETUP_TIMEOUT_MS = 60_000

describe.each(testDbKinds())('webhook worker on %s', (kind) => {
  let server: TestServer
  let clock: Date
  let worker: WebhookWorker
  let secret = ''
  let receiver: ReturnType<typeof startReceiver>
  let answer = 200

  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms)
  }

  async function subscribe(url: string, events: string[]) {
    const res = await server.request('/api/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url, events }),
    })
    expect(res.status).toBe(201)
    const hook = (await res.json()) as { id: number; secret: string }
    secret = hook.secret
    return hook
  }

  async function punch(pin: string, localTime: string, status = 0) {
    await server.services.db.insert(punches).values({
      sn: 'DEV1',
      pin,
      localTime,
      punchedAt: new Date(`${localTime.replace(' ', 'T')}Z`),
      status,
      verify: 1,
    })
  }

  // The first database in a worker migrates PGlite from scratch: slow on a busy machine.
  beforeEach(async () => {
    // Ahead of the database's clock, so rows it stamps are already past the settle window.
    clock = new Date(Date.now() + 60_000)
    // The test receiver listens on 127.0.0.1, a private address: allowed here as an operator would.
    server = await createTestServer(kind, { webhookAllowPrivate: true }, () => clock)
    worker = createWebhookWorker({
      db: server.services.db,
      config: server.services.config,
      log: silentLogger,
      now: () => clock,
      random: () => 0.5,
    })
    answer = 200
    receiver = startReceiver(
      () => secret,
      () => answer,
    )
  }, SETUP_TIMEOUT_MS)
  afterEach(async () => {
    await receiver.stop()
    await server.close()
  })

  it('delivers new punches, batched and signed, and logs the delivery', async () => {
    const hook = await subscribe(receiver.url, ['punch'])
    await punch('1', '2024-01-15 08:00:00')
    await punch('2', '2024-01-15 08:01:00', 1)
    const result = await worker.runOnce()
    expect(result).toMatchObject({ queued: 1, delivered: 1 })
    expect(receiver.received).toHaveLength(1)
    const got = receiver.received[0]
    expect(got?.verified).toBe(true)
    expect(got?.headers.get('webhook-id')).toBe(got?.json.id)
    expect(got?.headers.get('webhook-timestamp')).toBe(String(Math.floor(clock.getTime() / 1000)))
    expect(got?.json.event).toBe('punch')
    const sent = got?.json.data.punches as Array<Record<string, unknown>>
    expect(sent.map((p) => [p.pin, p.state, p.verifyMode])).toEqual([
      ['1', 'check-in', 'fingerprint'],
      ['2', 'check-out', 'fingerprint'],
    ])
    // Nothing new: nothing sent again.
    expect(await worker.runOnce()).toMatchObject({ queued: 0, delivered: 0 })
    expect(receiver.received).toHaveLength(1)
    const log = await server.request(`/api/webhooks/${hook.id}/deliveries`)
    const rows = ((await log.json()) as { items: Array<Record<string, unknown>> }).items
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200 })
    expect(rows[0]?.deliveredAt).toBe(clock.toISOString())
  })

  it('announces a timesheet day when its record changes, and not when re-processing changes nothing', async () => {
    await subscribe(receiver.url, ['timesheet.day.changed'])
    await worker.runOnce()
    await server.services.db.insert(people).values({ pin: '7', name: 'Ana' })
    const shift = await server.request('/api/timesheets/shifts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DAY_SHIFT),
    })
    const { id } = (await shift.json()) as { id: number }
    const from = new Date(clock.getTime() - 2 * 86_400_000).toISOString().slice(0, 10)
    const schedule = {
      target: { kind: 'person', pin: '7' },
      from,
      until: null,
      pattern: { kind: 'weekly', days: [id, id, id, id, id, id, id] },
    }
    const created = await server.request('/api/timesheets/schedules', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(schedule),
    })
    expect(created.status).toBe(201)
    const computed = await server.services.timesheetWorker.runOnce()
    expect(computed.changed).toBeGreaterThanOrEqual(3)
    advance(SETTLE_MS + 1)
    const result = await worker.runOnce()
    expect(result).toMatchObject({ queued: computed.changed, delivered: computed.changed })
    const sent = receiver.received.map((r) => r.json)
    expect(sent.every((e) => e.event === 'timesheet.day.changed')).toBe(true)
    expect(sent[0]?.data).toMatchObject({ pin: '7', date: from, shiftId: id, revision: 1 })
    // The same schedule again: every day is recomputed to the record it had, and nothing is announced.
    const again = await server.request(`/api/timesheets/schedules/${(await created.json()).id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(schedule),
    })
    expect(again.status).toBe(200)
    const recomputed = await server.services.timesheetWorker.runOnce()
    expect(recomputed.days).toBeGreaterThanOrEqual(3)
    expect(recomputed.changed).toBe(0)
    advance(SETTLE_MS + 1)
    expect(await worker.runOnce()).toMatchObject({ queued: 0 })
  })

  it('drains a backlog larger than one derivation batch in one pass, each punch once', async () => {
    await subscribe(receiver.url, ['punch'])
    const rows = Array.from({ length: 1234 }, (_, i) => ({
      sn: 'DEV1',
      pin: String(i),
      localTime: '2024-01-15 08:00:00',
      punchedAt: new Date('2024-01-15T08:00:00Z'),
      status: 0,
      verify: 1,
    }))
    for (let i = 0; i < rows.length; i += 500) {
      await server.services.db.insert(punches).values(rows.slice(i, i + 500))
    }
    const result = await worker.runOnce()
    expect(result.queued).toBe(13)
    await worker.runOnce()
    const pins = receiver.received.flatMap((r) =>
      (r.json.data.punches as Array<{ pin: string }>).map((p) => p.pin),
    )
    expect(pins).toHaveLength(1234)
    expect(new Set(pins).size).toBe(1234)
    expect(receiver.received.every((r) => r.verified)).toBe(true)
  })

  it('waits for the settle window before turning a fresh row into an event', async () => {
    await subscribe(receiver.url, ['punch'])
    clock = new Date(Date.now() - 60_000)
    await punch('1', '2024-01-15 08:00:00')
    expect((await worker.runOnce()).queued).toBe(0)
    clock = new Date(Date.now() + SETTLE_MS + 1_000)
    expect((await worker.runOnce()).queued).toBe(1)
  })

  it('does not replay punches older than the webhook', async () => {
    await punch('1', '2024-01-15 08:00:00')
    await subscribe(receiver.url, ['punch'])
    expect((await worker.runOnce()).queued).toBe(0)
    expect(receiver.received).toHaveLength(0)
  })

  it('moves past punches no webhook wants, and delivers only the later ones to a new subscriber', async () => {
    await subscribe(receiver.url, ['device-online'])
    await punch('1', '2024-01-15 08:00:00')
    expect((await worker.runOnce()).queued).toBe(0)
    await subscribe(receiver.url, ['punch'])
    await punch('2', '2024-01-15 09:00:00')
    expect((await worker.runOnce()).queued).toBe(1)
    const sent = receiver.received.flatMap((r) =>
      (r.json.data.punches as Array<{ pin: string }>).map((p) => p.pin),
    )
    expect(sent).toEqual(['2'])
  })

  it('retries after a 500 on the backoff schedule, then delivers the same body', async () => {
    await subscribe(receiver.url, ['punch'])
    await punch('1', '2024-01-15 08:00:00')
    answer = 500
    expect(await worker.runOnce()).toMatchObject({ queued: 1, retrying: 1 })
    const [row] = await server.services.db.select().from(webhookDeliveries)
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: 500,
      lastError: 'HTTP 500',
    })
    expect(row?.nextAttemptAt.getTime()).toBe(clock.getTime() + 10_000)
    // Not due yet.
    advance(9_000)
    expect((await worker.runOnce()).retrying).toBe(0)
    expect(receiver.received).toHaveLength(1)
    advance(1_000)
    answer = 200
    expect((await worker.runOnce()).delivered).toBe(1)
    expect(receiver.received).toHaveLength(2)
    expect(receiver.received[1]?.body).toBe(receiver.received[0]?.body)
    expect(receiver.received.every((r) => r.verified)).toBe(true)
    const [done] = await server.services.db.select().from(webhookDeliveries)
    expect(done).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatus: 200,
      lastError: null,
    })
  })

  it('marks a delivery failed after the last attempt', async () => {
    await subscribe(receiver.url, ['punch'])
    await punch('1', '2024-01-15 08:00:00')
    answer = 503
    const gaps: number[] = []
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await worker.runOnce()
      const [row] = await server.services.db.select().from(webhookDeliveries)
      if (row?.status === 'pending') gaps.push(row.nextAttemptAt.getTime() - clock.getTime())
      advance(4 * 3_600_000)
    }
    expect(gaps).toEqual([10_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000])
    const [row] = await server.services.db.select().from(webhookDeliveries)
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS })
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS)
    await worker.runOnce()
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS)
  })

  it('keeps storing punches while the receiver is down and delivers once it is back', async () => {
    const down = startReceiver(() => secret)
    const url = down.url
    await down.stop()
    const hook = await subscribe(url, ['punch'])
    await punch('1', '2024-01-15 08:00:00')
    expect(await worker.runOnce()).toMatchObject({ queued: 1, retrying: 1 })
    await punch('2', '2024-01-15 09:00:00')
    expect(await worker.runOnce()).toMatchObject({ queued: 1, retrying: 1 })
    const stored = await server.services.db.select().from(punches)
    expect(stored).toHaveLength(2)
    const [failed] = await server.services.db.select().from(webhookDeliveries)
    expect(failed?.lastStatus).toBeNull()
    expect(failed?.lastError).toBeTruthy()
    // The receiver comes back at the webhook's new address.
    await server.request(`/api/webhooks/${hook.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url }),
    })
    advance(60_000)
    expect((await worker.runOnce()).delivered).toBe(2)
    const pins = receiver.received.flatMap((r) =>
      (r.json.data.punches as Array<{ pin: string }>).map((p) => p.pin),
    )
    expect(pins.sort()).toEqual(['1', '2'])
  })

  it('checks the destination again before each delivery: DNS and settings can change', async () => {
    let resolved = ['93.184.216.34']
    const strict = createWebhookWorker({
      db: server.services.db,
      config: { ...server.services.config, webhookAllowPrivate: false },
      log: silentLogger,
      now: () => clock,
      random: () => 0.5,
      resolve: async () => resolved,
    })
    // Saved while private receivers were allowed (or while the name resolved elsewhere).
    await subscribe(receiver.url, ['punch'])
    await subscribe('http://hooks.example:9/hook', ['punch'])
    resolved = ['10.0.0.7']
    await punch('1', '2024-01-15 08:00:00')
    expect(await strict.runOnce()).toMatchObject({ queued: 2, delivered: 0, retrying: 2 })
    expect(receiver.received).toHaveLength(0)
    const rows = await server.services.db.select().from(webhookDeliveries)
    expect(rows.map((r) => r.lastError)).toEqual([
      expect.stringMatching(/^not sent: .*private/),
      expect.stringMatching(/^not sent: .*private/),
    ])
    expect(rows.every((r) => r.lastError?.includes('10.0.0.7') === false)).toBe(true)
  })

  it("answers a device's ATTLOG upload while the receiver is down", async () => {
    const down = startReceiver(() => secret)
    const url = down.url
    await down.stop()
    await subscribe(url, ['punch'])
    await server.request('/iclock/cdata?SN=DEV9&options=all&pushver=2.4.1')
    const res = await server.request('/iclock/cdata?SN=DEV9&table=ATTLOG&Stamp=1', {
      method: 'POST',
      body: '5\t2024-01-15 08:00:00\t0\t1\t0\n',
    })
    expect(await res.text()).toBe('OK:1')
    advance(SETTLE_MS)
    expect(await worker.runOnce()).toMatchObject({ queued: 1, retrying: 1 })
    const stored = await server.services.db.select().from(punches).where(eq(punches.sn, 'DEV9'))
    expect(stored.map((p) => p.pin)).toEqual(['5'])
  })

  it('sends each event only to active webhooks subscribed to it', async () => {
    const other = startReceiver(() => secret)
    try {
      await subscribe(other.url, ['device-online'])
      const off = await subscribe(receiver.url, ['punch'])
      await server.request(`/api/webhooks/${off.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ active: false }),
      })
      await punch('1', '2024-01-15 08:00:00')
      expect((await worker.runOnce()).queued).toBe(0)
      expect(receiver.received).toHaveLength(0)
      expect(other.received).toHaveLength(0)
    } finally {
      await other.stop()
    }
  })

  it('reports device online and offline transitions once each', async () => {
    await subscribe(receiver.url, ['device-online', 'device-offline'])
    const window = onlineWindowMs(server.services.config.pollDelaySeconds)
    await server.services.db
      .insert(devices)
      .values({ sn: 'DEV1', name: 'Lobby', lastSeenAt: clock })
    await worker.runOnce()
    await worker.runOnce()
    expect(receiver.received.map((r) => r.json.event)).toEqual(['device-online'])
    expect(receiver.received[0]?.json.data).toMatchObject({ sn: 'DEV1', name: 'Lobby' })
    advance(window + 1_000)
    await worker.runOnce()
    await worker.runOnce()
    expect(receiver.received.map((r) => r.json.event)).toEqual(['device-online', 'device-offline'])
    await server.services.db
      .update(devices)
      .set({ lastSeenAt: clock })
      .where(eq(devices.sn, 'DEV1'))
    // Presence is compared every few seconds, not on every pass.
    await worker.runOnce()
    expect(receiver.received).toHaveLength(2)
    advance(5_000)
    await worker.runOnce()
    expect(receiver.received.map((r) => r.json.event)).toEqual([
      'device-online',
      'device-offline',
      'device-online',
    ])
  })

  it('says device-offline only once the API no longer shows the device online', async () => {
    await subscribe(receiver.url, ['device-online', 'device-offline'])
    await server.services.db.insert(devices).values({ sn: 'DEV1', lastSeenAt: clock })
    await worker.runOnce()
    const online = async () => {
      const res = await server.request('/api/devices/DEV1')
      return ((await res.json()) as { online: boolean }).online
    }
    // Past two polls and a margin (the webhooks' old rule) but inside the API's window.
    advance(2 * server.services.config.pollDelaySeconds * 1000 + 11_000)
    await worker.runOnce()
    expect(await online()).toBe(true)
    expect(receiver.received.map((r) => r.json.event)).toEqual(['device-online'])
    advance(onlineWindowMs(server.services.config.pollDelaySeconds))
    await worker.runOnce()
    expect(await online()).toBe(false)
    expect(receiver.received.map((r) => r.json.event)).toEqual(['device-online', 'device-offline'])
  })

  it('reports command results and people enrolled on a device', async () => {
    await subscribe(receiver.url, ['command-result', 'person-enrolled'])
    const done = new Date(clock.getTime() - 10_000)
    await server.services.db.insert(commands).values([
      {
        id: 101,
        sn: 'DEV1',
        type: 'reboot',
        text: 'REBOOT',
        status: 'succeeded',
        returnCode: 0,
        completedAt: done,
        expiresAt: clock,
      },
      { id: 102, sn: 'DEV1', type: 'reboot', text: 'REBOOT', status: 'sent', expiresAt: clock },
    ])
    await server.services.db.insert(people).values([
      { pin: '7', name: 'Ana', source: 'device:DEV1' },
      { pin: '8', name: 'Bo', source: 'api' },
    ])
    await worker.runOnce()
    const events = receiver.received.map((r) => [r.json.event, r.json.data])
    expect(events).toHaveLength(2)
    expect(events).toContainEqual([
      'command-result',
      expect.objectContaining({ id: 101, status: 'succeeded', returnCode: 0 }),
    ])
    expect(events).toContainEqual([
      'person-enrolled',
      expect.objectContaining({ pin: '7', name: 'Ana', sn: 'DEV1' }),
    ])
    // C2 completes later: reported then, C1 not again.
    await server.services.db
      .update(commands)
      .set({ status: 'failed', returnCode: -1001, completedAt: clock })
      .where(eq(commands.id, 102))
    advance(SETTLE_MS)
    await worker.runOnce()
    expect(receiver.received).toHaveLength(3)
    expect(receiver.received[2]?.json.data).toMatchObject({ id: 102, status: 'failed' })
  })

  it('reports a command delivered to a terminal that never acknowledges as delivered', async () => {
    await subscribe(receiver.url, ['command-result'])
    await server.services.db.insert(commands).values({
      id: 201,
      sn: 'DEV1',
      type: 'reboot',
      text: 'CONTROL DEVICE 03000000',
      status: 'delivered',
      reason: 'no-acknowledgement',
      completedAt: new Date(clock.getTime() - 10_000),
      expiresAt: clock,
    })
    await worker.runOnce()
    expect(receiver.received.map((r) => r.json.data)).toEqual([
      expect.objectContaining({
        id: 201,
        status: 'delivered',
        reason: 'no-acknowledgement',
        returnCode: null,
      }),
    ])
  })

  it('carries on from a command cursor written when ids were text', async () => {
    await subscribe(receiver.url, ['command-result'])
    const done = new Date(clock.getTime() - 10_000)
    await writeSetting(
      server.services.db,
      CURSOR_COMMAND,
      JSON.stringify({ at: '2000-01-01 00:00:00+00', key: 'v4o1ztekxp94lo2p' }),
    )
    await server.services.db.insert(commands).values({
      id: 301,
      sn: 'DEV1',
      type: 'info',
      text: 'INFO',
      status: 'succeeded',
      returnCode: 0,
      completedAt: done,
      expiresAt: clock,
    })
    await worker.runOnce()
    expect(receiver.received.map((r) => r.json.data)).toEqual([
      expect.objectContaining({ id: 301, status: 'succeeded' }),
    ])
  })

  it('hands a claimed delivery to one claimer only', async () => {
    await subscribe(receiver.url, ['punch'])
    await punch('1', '2024-01-15 08:00:00')
    answer = 500
    await worker.runOnce()
    advance(10_000)
    const [first, second] = await Promise.all([
      claimDue(server.services.db, clock, 10, 60_000),
      claimDue(server.services.db, clock, 10, 60_000),
    ])
    expect((first?.length ?? 0) + (second?.length ?? 0)).toBe(1)
  })

  it('is wired into services and runs through start/stop', async () => {
    await subscribe(receiver.url, ['punch'])
    await punch('1', '2024-01-15 08:00:00')
    expect((await server.services.webhooks.runOnce()).delivered).toBe(1)
    await server.services.start()
    await server.services.stop()
  })
})
