import { eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../db'
import { devices } from '../db/schema'
import { createLogger } from '../logger'
import { type DbKind, testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'
import { PresenceBuffer } from './presence'

const AT = new Date('2025-05-01T10:00:00Z')

/** A fresh test server for each test of the enclosing suite. */
function serverPerTest(kind: DbKind): () => TestServer {
  let server: TestServer | undefined
  beforeEach(async () => {
    server = await createTestServer(kind)
  }, 60_000)
  afterEach(async () => {
    await server?.close()
  })
  return () => {
    if (!server) throw new Error('no test server outside a test')
    return server
  }
}

function capturingLog() {
  const lines: string[] = []
  return { lines, log: createLogger('warn', (line) => lines.push(line)) }
}

describe.each(testDbKinds())('presence on %s', { timeout: 60_000 }, (kind) => {
  const server = serverPerTest(kind)
  const row = async (sn: string) =>
    (await server().services.db.select().from(devices).where(eq(devices.sn, sn)))[0]
  const addDevices = async (sns: string[]) => {
    await server()
      .services.db.insert(devices)
      .values(sns.map((sn) => ({ sn, status: 'approved' as const })))
  }

  it('a NUL from one serial does not stop the presence of every other device being saved', async () => {
    await server().request('/iclock/cdata?SN=GOOD1&options=all')
    await server().request('/iclock/getrequest?SN=NOBODY&temp=%00&INFO=Ver%00,1,2,3,10.0.0.%00')
    await server().request('/iclock/getrequest?SN=GOOD1&temp=41')
    expect(await server().services.presence.flush()).toBe(2)
    expect((await row('GOOD1'))?.telemetry).toMatchObject({ temperature: '41' })
    const nobody = await row('NOBODY')
    expect(nobody?.lastSeenAt).toBeTruthy()
    expect(JSON.stringify(nobody?.telemetry)).not.toContain('\\u0000')
    await server().request('/iclock/getrequest?SN=GOOD1&temp=42')
    expect(await server().services.presence.flush()).toBe(1)
    expect((await row('GOOD1'))?.telemetry).toMatchObject({ temperature: '42' })
  })

  it('bounds what a device reports before it is buffered', async () => {
    await addDevices(['BIG1'])
    const presence = new PresenceBuffer(server().services.db, capturingLog().log)
    const telemetry: Record<string, unknown> = { huge: 'x'.repeat(100_000) }
    for (let i = 0; i < 1000; i++) telemetry[`k${i}`] = i
    presence.seen('BIG1', AT, {
      telemetry,
      firmware: `fw\u0001${'y'.repeat(5000)}`,
      ip: '1\u00002',
    })
    await presence.flush()
    const stored = await row('BIG1')
    expect(JSON.stringify(stored?.telemetry).length).toBeLessThan(4096)
    expect(stored?.firmware?.length).toBeLessThanOrEqual(256)
    expect(stored?.firmware?.startsWith('fwy')).toBe(true)
    expect(stored?.ip).toBe('12')
  })

  it('a row the database refuses is dropped alone, and the cause is logged once without the data', async () => {
    await addDevices(['A1', 'A2', 'POISON', 'A3'])
    await server().services.db.execute(sql`
      create function refuse_poison() returns trigger language plpgsql as $$
      begin
        if new.sn = 'POISON' then raise exception 'poisoned row'; end if;
        return new;
      end $$`)
    await server().services.db.execute(sql`
      create trigger refuse_poison before update on devices for each row execute function refuse_poison()`)
    const { lines, log } = capturingLog()
    const presence = new PresenceBuffer(server().services.db, log)
    for (let round = 0; round < 3; round++) {
      for (const sn of ['A1', 'A2', 'POISON', 'A3']) {
        presence.seen(sn, new Date(AT.getTime() + round * 1000), {
          telemetry: { secret: 'SECRET-PAYLOAD' },
        })
      }
      expect(await presence.flush()).toBe(3)
    }
    expect((await row('A3'))?.lastSeenAt?.toISOString()).toBe('2025-05-01T10:00:02.000Z')
    expect(presence.size).toBe(0)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('POISON')
    expect(lines[0]).toContain('poisoned row')
    expect(lines[0]).not.toContain('SECRET-PAYLOAD')
  })

  it('keeps everything while the database is unreachable and logs that once', async () => {
    await addDevices(['OUT1'])
    let down = true
    const db = server().services.db
    const flaky = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'execute' && down) {
          return () =>
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error('connect ECONNREFUSED')), 20),
            )
        }
        return Reflect.get(target, prop, receiver)
      },
    }) as Db
    const { lines, log } = capturingLog()
    const presence = new PresenceBuffer(flaky, log)
    for (let i = 0; i < 3; i++) {
      presence.seen('OUT1', new Date(AT.getTime() + i * 1000), { stamps: { ATTLOG: String(i) } })
      expect(await presence.flush()).toBe(0)
    }
    // Requests during a failing flush do not make it lose the stamps it was writing.
    const failing = presence.flush()
    presence.seen('OUT1', new Date(AT.getTime() + 5000), { telemetry: { temperature: '40' } })
    presence.seen('OUT1', new Date(AT.getTime() + 6000), { stamps: { OPERLOG: '9' } })
    expect(await failing).toBe(0)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('ECONNREFUSED')
    down = false
    expect(await presence.flush()).toBe(1)
    expect((await row('OUT1'))?.stamps).toEqual({ ATTLOG: '2', OPERLOG: '9' })
    expect((await row('OUT1'))?.telemetry).toEqual({ temperature: '40' })
  })

  it('flushes of several processes and handshakes under polls never deadlock', async () => {
    const sns = Array.from({ length: 400 }, (_, i) => `DL${String(i).padStart(4, '0')}`)
    await addDevices(sns)
    const logs = [capturingLog(), capturingLog(), capturingLog(), capturingLog()]
    const processes = logs.map(({ log }) => new PresenceBuffer(server().services.db, log))
    for (let round = 0; round < 20; round++) {
      const at = new Date(AT.getTime() + round * 1000)
      for (const [i, presence] of processes.entries()) {
        // Each process sees the devices in its own order, as requests happen to arrive.
        const order = sns.map((sn, j) => ({ sn, key: (j * (i + 7) * 7919) % 401 }))
        order.sort((x, y) => x.key - y.key)
        for (const { sn } of order) presence.seen(sn, at, { telemetry: { round } })
      }
      const requests = sns
        .slice(0, 20)
        .map((sn, i) =>
          server().request(
            i % 10 === 0
              ? `/iclock/cdata?SN=${sn}&options=all`
              : `/iclock/getrequest?SN=${sn}&temp=${round}`,
          ),
        )
      await Promise.all([
        ...processes.map((p) => p.flush()),
        server().services.presence.flush(),
        ...requests,
      ])
    }
    expect(logs.flatMap((l) => l.lines)).toEqual([])
    expect((await row('DL0399'))?.telemetry).toMatchObject({ round: 19 })
  })
})

// Row locks need a second connection: PGlite has one, and serialises everything anyway.
const postgresOnly = testDbKinds().filter((k) => k === 'postgres')

describe.each(postgresOnly)('presence locks on %s', { timeout: 60_000 }, (kind) => {
  const server = serverPerTest(kind)

  /** Holds a row lock on `sn` in its own transaction until `release` is called. */
  async function holdRow(sn: string) {
    let release = () => {}
    const held = new Promise<void>((r) => {
      release = r
    })
    let locked = () => {}
    const ready = new Promise<void>((r) => {
      locked = r
    })
    const done = server().services.db.transaction(async (tx) => {
      await tx.execute(sql`select sn from devices where sn = ${sn} for update`)
      locked()
      await held
    })
    await ready
    return {
      release: async () => {
        release()
        await done
      },
    }
  }

  it('a flush locks its rows in serial order, whatever order the devices were seen in', async () => {
    // Physically and by arrival Z, M, A: only sorting makes A the first row locked.
    for (const sn of ['Z', 'M', 'A']) {
      await server().services.db.insert(devices).values({ sn, status: 'approved' })
    }
    const presence = new PresenceBuffer(server().services.db, capturingLog().log)
    for (const sn of ['Z', 'M', 'A']) presence.seen(sn, AT)
    const other = await holdRow('A')
    const flushing = presence.flush()
    await new Promise((r) => setTimeout(r, 300))
    const free = await server().services.db.transaction((tx) =>
      tx.select({ sn: devices.sn }).from(devices).for('update', { skipLocked: true }),
    )
    expect(free.map((r) => r.sn).sort()).toEqual(['M', 'Z'])
    await other.release()
    expect(await flushing).toBe(3)
  })

  it('a handshake does not wait for other devices’ writes and hands back its own latest stamps', async () => {
    await server().request('/iclock/cdata?SN=HS1&options=all')
    await server().request('/iclock/cdata?SN=BUSY&options=all')
    await server().request('/iclock/getrequest?SN=BUSY&temp=1')
    await server().request('/iclock/cdata?SN=HS1&table=ATTLOG&Stamp=777', {
      method: 'POST',
      body: '1\t2025-01-15 08:00:00\t0\t1\n',
    })
    const other = await holdRow('BUSY')
    const flushing = server().services.presence.flush()
    await new Promise((r) => setTimeout(r, 100))
    const reply = await Promise.race([
      server()
        .request('/iclock/cdata?SN=HS1&options=all')
        .then((r) => r.text()),
      new Promise<string>((r) => setTimeout(() => r('timed out'), 3000)),
    ])
    await other.release()
    await flushing
    expect(reply).toMatch(/^Stamp=777$/m)
  })
})

describe.each(testDbKinds())('presence writers on %s', { timeout: 60_000 }, (kind) => {
  const server = serverPerTest(kind)

  it('runs one flush at a time: one asked for while another runs waits for it', async () => {
    await server().services.db.insert(devices).values({ sn: 'W1', status: 'approved' })
    let running = 0
    let most = 0
    const db = server().services.db
    const counting = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== 'execute') return Reflect.get(target, prop, receiver)
        return async (query: Parameters<Db['execute']>[0]) => {
          running++
          most = Math.max(most, running)
          try {
            await new Promise((r) => setTimeout(r, 50))
            return await db.execute(query)
          } finally {
            running--
          }
        }
      },
    }) as Db
    const presence = new PresenceBuffer(counting, capturingLog().log)
    presence.seen('W1', AT, { stamps: { ATTLOG: '1' } })
    const first = presence.flush()
    presence.seen('W1', new Date(AT.getTime() + 1000), { stamps: { ATTLOG: '2' } })
    const second = presence.flush()
    expect(await Promise.all([first, second])).toEqual([1, 1])
    expect(most).toBe(1)
    const [row] = await db.select().from(devices).where(eq(devices.sn, 'W1'))
    expect(row?.stamps).toEqual({ ATTLOG: '2' })
  })
})
