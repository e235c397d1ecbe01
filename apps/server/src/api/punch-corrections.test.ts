import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { punches } from '../db/schema'
import { call } from '../testing/api-fixtures'
import { testDbKinds } from '../testing/test-databases'
import { createTestServer, type TestServer } from '../testing/test-server'

interface Row {
  id: number
  pin: string
  localTime: string
  punchedAt: string
  status: number
  source: string
  note: string | null
  corrects: { punchId: number; reason: string } | null
  correctedBy: { action: string; replacementId: number | null; reason: string } | null
}

describe.each(testDbKinds())('punch corrections on %s', { timeout: 30_000 }, (kind) => {
  let server: TestServer
  let ids: number[]
  beforeEach(async () => {
    server = await createTestServer(kind)
    const rows = await server.services.db
      .insert(punches)
      .values(
        ['08:58:00', '17:02:00', '17:05:00'].map((time, i) => ({
          sn: 'A',
          pin: '7',
          localTime: `2025-01-15 ${time}`,
          punchedAt: new Date(`2025-01-15T${time}Z`),
          status: i === 0 ? 0 : 1,
          verify: 1,
        })),
      )
      .returning()
    ids = rows.map((r) => r.id)
  }, 60_000)
  afterEach(async () => {
    await server.close()
  })

  const list = async (query = '') =>
    (
      (await (await call(server, 'GET', `/api/attendance?sort=oldest${query}`)).json()) as {
        items: Row[]
      }
    ).items
  const correct = (id: number, body: Record<string, unknown>) =>
    call(server, 'POST', `/api/attendance/${id}/corrections`, body)

  it('edits a punch as a new version beside the device record, which stays as it came', async () => {
    const [checkIn] = ids
    const res = await correct(checkIn ?? 0, {
      action: 'edit',
      time: '2025-01-15 08:30:00',
      timeZone: 'UTC',
      reason: 'badge forgotten, arrived 08:30 (manager saw)',
    })
    expect(res.status).toBe(201)
    const { punch } = (await res.json()) as { punch: Row }
    expect(punch).toMatchObject({
      localTime: '2025-01-15 08:30:00',
      source: 'correction',
      pin: '7',
    })
    const rows = await list()
    expect(rows.map((r) => r.localTime)).toEqual([
      '2025-01-15 08:30:00',
      '2025-01-15 17:02:00',
      '2025-01-15 17:05:00',
    ])
    expect(rows[0]?.corrects).toEqual({
      punchId: checkIn,
      reason: 'badge forgotten, arrived 08:30 (manager saw)',
    })
    const [original] = await server.services.db
      .select()
      .from(punches)
      .where(eq(punches.id, checkIn ?? 0))
    expect(original).toMatchObject({ localTime: '2025-01-15 08:58:00', source: 'device' })
    const history = (await (
      await call(server, 'GET', `/api/attendance/${punch.id}/history`)
    ).json()) as Array<{
      punch: Row
      correction: { action: string; replacementId: number } | null
    }>
    expect(history.map((v) => [v.punch.localTime, v.correction?.action ?? null])).toEqual([
      ['2025-01-15 08:58:00', 'edit'],
      ['2025-01-15 08:30:00', null],
    ])
  })

  it('voids a punch: gone from the list and the export, kept with its reason in the history', async () => {
    const duplicate = ids[2] ?? 0
    expect((await correct(duplicate, { action: 'void', reason: 'double swipe' })).status).toBe(201)
    expect((await list()).map((r) => r.id)).toEqual(ids.slice(0, 2))
    const exported = await (await server.request('/api/attendance/export?format=json')).json()
    expect((exported as Array<{ id: number }>).map((r) => r.id)).toEqual(ids.slice(0, 2))
    const all = await list('&includeCorrected=true')
    expect(all.find((r) => r.id === duplicate)?.correctedBy).toEqual({
      action: 'void',
      replacementId: null,
      reason: 'double swipe',
    })
  })

  it('corrects only the current version, needs a reason, and refuses an edit that changes nothing', async () => {
    const [first, second] = ids
    const edit = await correct(first ?? 0, { action: 'edit', status: 3, reason: 'was a break' })
    const { punch } = (await edit.json()) as { punch: Row }
    const again = await correct(first ?? 0, { action: 'void', reason: 'oops' })
    expect(again.status).toBe(409)
    expect(((await again.json()) as { message: string }).message).toContain(`punch ${punch.id}`)
    expect((await correct(punch.id, { action: 'void', reason: 'not a break either' })).status).toBe(
      201,
    )
    expect((await correct(second ?? 0, { action: 'void', reason: '' })).status).toBe(400)
    expect((await correct(second ?? 0, { action: 'edit', status: 1, reason: 'same' })).status).toBe(
      400,
    )
    expect((await correct(999_999, { action: 'void', reason: 'x' })).status).toBe(404)
    // The second punch's time and state would be a copy of the third: refused, nothing stored.
    const clash = await correct(second ?? 0, {
      action: 'edit',
      time: '2025-01-15 17:05:00',
      timeZone: 'UTC',
      reason: 'x',
    })
    expect(clash.status).toBe(409)
    expect((await list()).map((r) => r.id)).toEqual([second, ids[2]])
  })

  it('records each correction in the audit log with before and after', async () => {
    await correct(ids[0] ?? 0, { action: 'void', reason: 'test punch' })
    const audit = (await (await call(server, 'GET', '/api/audit?entity=punch')).json()) as {
      items: Array<{ action: string; entityId: string; before: { localTime: string } }>
    }
    expect(audit.items.map((a) => [a.action, a.entityId, a.before.localTime])).toEqual([
      ['punch.void', String(ids[0]), '2025-01-15 08:58:00'],
    ])
  })
})
