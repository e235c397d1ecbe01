import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { devices } from '../db/schema'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'
import { readPendingForAll } from './pending-prime'

describe.each(testDbKinds())('priming pending commands on %s', (kind) => {
  let server: TestServer
  let clock: Date
  beforeEach(async () => {
    clock = new Date('2025-03-01T10:00:00Z')
    server = await createTestServer(kind, { commandRedeliverySeconds: 60 }, () => clock)
  })
  afterEach(async () => {
    await server.close()
  })

  it('knows, for every device, when its next command is due', async () => {
    const { db, commands } = server.services
    await db.insert(devices).values([{ sn: 'IDLE' }, { sn: 'QUEUED' }, { sn: 'SENT' }])
    await commands.enqueue({ sn: 'QUEUED', type: 'info', command: { type: 'INFO' } })
    await commands.enqueue({ sn: 'SENT', type: 'info', command: { type: 'INFO' } })
    await commands.claimForDelivery('SENT')
    const due = await readPendingForAll(db, clock, 60)
    expect(Object.fromEntries(due)).toEqual({
      IDLE: null,
      QUEUED: clock.getTime(),
      SENT: clock.getTime() + 60_000,
    })
  })

  it('answers the first poll of every device after a start from memory, and still delivers', async () => {
    const { db, commands } = server.services
    await db.insert(devices).values([
      { sn: 'IDLE', status: 'approved' },
      { sn: 'BUSY', status: 'approved' },
    ])
    await commands.enqueue({ sn: 'BUSY', type: 'info', command: { type: 'INFO' } })
    await server.services.start()
    expect(commands.nothingDue('IDLE')).toBe(true)
    expect(commands.nothingDue('BUSY')).toBe(false)
    const poll = await server.request('/iclock/getrequest?SN=BUSY')
    expect(await poll.text()).toMatch(/^C:[0-9a-z]+:INFO\n$/)
    expect(commands.nothingDue('BUSY')).toBe(true)
  })
})
