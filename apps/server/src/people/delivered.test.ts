import { type Command, formatCommand } from '@webroster/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../db'
import { type CommandStatus, commands } from '../db/schema'
import { openTestDb, testDbKinds } from '../testing/test-databases'
import { withoutDelivered } from './delivered'

const DELETE_77: Command = { type: 'DATA DELETE', table: 'USERINFO', condition: [['PIN', '77']] }

describe.each(testDbKinds())('echo guard on %s', (kind) => {
  let database: Database
  beforeEach(async () => {
    database = await openTestDb(kind)
  }, 60_000)
  afterEach(async () => {
    await database.close()
  })

  async function stored(status: CommandStatus) {
    await database.db.insert(commands).values({
      sn: 'T1',
      type: 'delete-user',
      text: formatCommand(DELETE_77),
      status,
      expiresAt: new Date(Date.now() + 3_600_000),
    })
  }

  it.each(['queued', 'sent', 'succeeded', 'delivered'] as const)(
    'drops a record already %s to that device',
    async (status) => {
      await stored(status)
      const input = { sn: 'T1', type: 'delete-user' as const, command: DELETE_77 }
      expect(await withoutDelivered(database.db, [input])).toEqual([])
      expect(await withoutDelivered(database.db, [{ ...input, sn: 'T2' }])).toHaveLength(1)
    },
  )

  it('keeps a record whose earlier delivery failed', async () => {
    await stored('failed')
    const input = { sn: 'T1', type: 'delete-user' as const, command: DELETE_77 }
    expect(await withoutDelivered(database.db, [input])).toHaveLength(1)
  })
})
