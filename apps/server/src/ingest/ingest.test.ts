import { asc, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ClockCorrectionThrottle, ZoneClock } from '../clock'
import { CommandQueue, PendingCache } from '../commands'
import { testConfig } from '../config'
import type { Database } from '../db'
import {
  attendancePhotos,
  commands,
  deviceLogs,
  devices,
  people,
  punches,
  rejectedLines,
  templates,
} from '../db/schema'
import { type DeviceRow, PresenceBuffer } from '../devices'
import { silentLogger } from '../logger'
import type { EnrolledEvent } from '../people'
import { PunchBatcher } from '../punches'
import { openTestDb, testDbKinds } from '../testing/test-databases'
import { type EnrolmentHook, Ingest } from './ingest'

const NOW = new Date('2025-01-15T12:00:00Z')
const bytes = (text: string) => new TextEncoder().encode(text)

describe.each(testDbKinds())('ingest on %s', { timeout: 30_000 }, (kind) => {
  let database: Database
  let presence: PresenceBuffer
  let enrolled: EnrolledEvent[][]
  let onEnrolled: EnrolmentHook
  let ingest: Ingest
  let device: DeviceRow

  beforeEach(async () => {
    database = await openTestDb(kind)
    const { db } = database
    const now = () => NOW
    presence = new PresenceBuffer(db, silentLogger)
    const clockCorrections = new ClockCorrectionThrottle()
    const commandQueue = new CommandQueue({
      database,
      pending: new PendingCache(300_000),
      now,
      redeliverySeconds: 60,
      maxDeliveries: 3,
      maxAgeHours: 24,
      clockCorrections,
    })
    enrolled = []
    onEnrolled = (events) => {
      enrolled.push([...events])
    }
    ingest = new Ingest({
      db,
      punches: new PunchBatcher(db, silentLogger, { parallel: 1 }),
      zoneClock: new ZoneClock(),
      clockCorrections,
      presence,
      commands: commandQueue,
      config: testConfig({ defaultTimeZone: 'UTC', clockSyncThresholdSeconds: 60 }),
      log: silentLogger,
      now,
      // Late-bound, so a test can swap the hook before uploading.
      onEnrolled: (events) => onEnrolled(events),
    })
    const [row] = await db
      .insert(devices)
      .values({ sn: 'ING1', status: 'approved', timeZone: 'Europe/Madrid' })
      .returning()
    device = row as DeviceRow
  }, 60_000)
  afterEach(async () => {
    await database.close()
  })

  const rejectedOf = () =>
    database.db
      .select({
        table: rejectedLines.table,
        line: rejectedLines.line,
        reason: rejectedLines.reason,
      })
      .from(rejectedLines)
      .orderBy(asc(rejectedLines.id))

  it('attlog: commits the punches, rejects unusable lines with why, and a re-send changes nothing', async () => {
    const body = [
      '1\t2025-01-15 08:00:00\t0\t1\t0\t0\t0',
      '2\tnot-a-time\t0\t1',
      '1\t2025-01-15 08:00:00\t0\t15\t0\t0\t0',
    ].join('\n')
    const first = await ingest.attlog(device, bytes(body), NOW)
    expect(first.accepted).toBe(1)
    expect(first.rejected.map((r) => r.line)).toEqual([2, 3])
    expect(first.rejected[1]?.reason).toMatch(/duplicate of line 1/)
    const rows = await database.db.select().from(punches)
    // Madrid is UTC+1 in January.
    expect(rows.map((r) => [r.pin, r.punchedAt.toISOString()])).toEqual([
      ['1', '2025-01-15T07:00:00.000Z'],
    ])
    const again = await ingest.attlog(device, bytes('1\t2025-01-15 08:00:00\t0\t1\t0\t0\t0\n'), NOW)
    expect(again).toEqual({ accepted: 1, rejected: [] })
    expect(await database.db.$count(punches)).toBe(1)
    expect((await rejectedOf()).map((r) => [r.table, r.line])).toEqual([
      ['ATTLOG', 2],
      ['ATTLOG', 3],
    ])
  })

  it('attlog: a punch that disagrees with a stored one is a rejected line naming it', async () => {
    await ingest.attlog(device, bytes('5\t2025-01-15 08:00:00\t0\t1\t0\t0\t0\n'), NOW)
    const [stored] = await database.db.select({ id: punches.id }).from(punches)
    const outcome = await ingest.attlog(
      device,
      bytes('5\t2025-01-15 08:00:00\t0\t15\t0\t0\t0\n'),
      NOW,
    )
    expect(outcome.accepted).toBe(0)
    expect(outcome.rejected[0]?.reason).toContain(`punch ${stored?.id}`)
  })

  it('attlog: a real-time punch from a clock running ahead queues one correction', async () => {
    // 13:05 in Madrid is 12:05 UTC: five minutes ahead of the server, past the 60 s threshold.
    await ingest.attlog(device, bytes('6\t2025-01-15 13:05:00\t0\t1\t0\t0\t0\n'), NOW)
    const queued = await database.db.select({ text: commands.text }).from(commands)
    expect(queued.map((c) => c.text)).toEqual([expect.stringMatching(/^SET OPTION DateTime=/)])
    await presence.flush()
    const [row] = await database.db.select().from(devices).where(eq(devices.sn, 'ING1'))
    expect(row?.telemetry).toMatchObject({ clockSkewSeconds: 300, clockSkewSource: 'punch' })
  })

  it('operlog: stores users and templates and hands their enrolments to the hook once', async () => {
    const body = [
      'USER PIN=42\tName=Ann\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000\tVerify=0',
      'FP PIN=42\tFID=3\tSize=8\tValid=1\tTMP=TUzIxAAA',
      'BOGUS x=1',
    ].join('\n')
    const outcome = await ingest.operlog(device, 'OPERLOG', bytes(body))
    expect(outcome.accepted).toBe(2)
    expect(outcome.rejected.map((r) => r.text)).toEqual(['BOGUS x=1'])
    expect(enrolled).toHaveLength(1)
    expect(enrolled[0]).toEqual([
      { sn: 'ING1', pin: '42', kind: 'user' },
      { sn: 'ING1', pin: '42', kind: 'template', templateIds: [expect.any(Number)] },
    ])
    expect(await database.db.$count(people)).toBe(1)
    expect(await database.db.$count(templates)).toBe(1)
  })

  it('operlog: a failing hook leaves the batch stored and accepted', async () => {
    onEnrolled = () => Promise.reject(new Error('fan-out down'))
    const outcome = await ingest.operlog(device, 'USERINFO', bytes('PIN=7\tName=Bo\tPri=0\n'))
    expect(outcome.accepted).toBe(1)
    expect(await database.db.$count(people)).toBe(1)
  })

  it('photo: kept once per file name; a body that is not a photo is a rejected line', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0x00])
    const head = Buffer.from(
      `PIN=20250115080000-7.jpg\nSN=ING1\nsize=${jpeg.length}\nCMD=uploadphoto\0`,
    )
    const body = new Uint8Array(Buffer.concat([head, jpeg]))
    expect(await ingest.photo(device, body)).toEqual({ accepted: 1, rejected: [] })
    expect((await ingest.photo(device, body)).accepted).toBe(1)
    expect(await database.db.$count(attendancePhotos)).toBe(1)
    const bad = await ingest.photo(device, new TextEncoder().encode('garbage'))
    expect(bad.accepted).toBe(0)
    expect((await rejectedOf()).map((r) => r.table)).toEqual(['ATTPHOTO'])
  })

  it('access: rtlog events with a person are punches, tabledata rows are people, rtstate is telemetry', async () => {
    const rtlog = [
      'time=2025-01-15 08:00:00\tpin=5\tcardno=0\tsitecode=0\tlinkid=0\teventaddr=1\tevent=0\tinoutstatus=1\tverifytype=15\tindex=11',
      'time=2025-01-15 08:00:05\tpin=0\tcardno=0\tsitecode=0\tlinkid=0\teventaddr=1\tevent=27\tinoutstatus=0\tverifytype=1\tindex=12',
    ].join('\n')
    const events = await ingest.access(device, 'rtlog', bytes(rtlog), NOW)
    expect(events.accepted).toBe(1)
    expect(events.rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/event 27/)])
    const users = await ingest.access(
      device,
      'tabledata',
      bytes(
        'user uid=1\tcardno=123\tpin=77\tpassword=\tgroup=1\tstarttime=0\tendtime=0\tname=Bo\tprivilege=0\n',
      ),
      NOW,
      'user',
    )
    expect(users).toEqual({ accepted: 1, rejected: [] })
    expect(enrolled.flat()).toContainEqual({ sn: 'ING1', pin: '77', kind: 'user' })
    const state = await ingest.access(
      device,
      'rtstate',
      bytes('time=2025-01-15 08:00:00\tsensor=01\trelay=00\talarm=0000000000000000\tdoor=01\n'),
      NOW,
    )
    expect(state.accepted).toBe(1)
    await presence.flush()
    const [row] = await database.db.select().from(devices).where(eq(devices.sn, 'ING1'))
    expect(row?.telemetry).toHaveProperty('rtstate')
  })

  it('logFile and reject keep what they are given', async () => {
    await ingest.logFile('ING1', 'device.log', new Uint8Array([1, 2, 3]))
    const [log] = await database.db.select().from(deviceLogs)
    expect([log?.fileName, log?.size]).toEqual(['device.log', 3])
    const lines = [{ line: 1, text: 'a=1', reason: 'unsupported table FUTURE' }]
    expect(await ingest.reject('ING1', 'FUTURE', lines)).toEqual({ accepted: 0, rejected: lines })
    expect(await rejectedOf()).toEqual([
      { table: 'FUTURE', line: 1, reason: 'unsupported table FUTURE' },
    ])
  })
})
