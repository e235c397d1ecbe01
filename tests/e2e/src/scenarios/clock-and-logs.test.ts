import { beforeAll, describe, expect, it } from 'vitest'
import {
  E2E_ADMIN_TOKEN,
  ok,
  queueCommand,
  type ScenarioDatabase,
  type ServerHandle,
  type TerminalHandle,
  useScenario,
  waitFor,
  waitForCommandDone,
  waitForDevice,
  waitForPolls,
} from '../harness'

const HOUR_MS = 3_600_000
/** Command travel, second-resolution device time and the clock's own minimum adjustment. */
const TOLERANCE_MS = 5_000

describe('set-time and log upload', () => {
  const scenario = useScenario()
  let database: ScenarioDatabase
  let server: ServerHandle
  let terminal: TerminalHandle

  beforeAll(async () => {
    database = await scenario.database()
    server = await scenario.server({ database })
    // At info, as deployed, so the log has lines by the first sync cycle (the suite's default is warn).
    terminal = await scenario.terminal({
      sn: 'E2ECLOCK1',
      serverUrl: server.url,
      env: { LOG_LEVEL: 'info' },
    })
    await waitForDevice(server, terminal.sn)
  })

  it('set-time an hour ahead shifts the terminal clock by an hour, and it stays shifted', async () => {
    const at = new Date(Date.now() + HOUR_MS).toISOString()
    const id = await queueCommand(server, terminal.sn, { type: 'set-time', at })
    const done = await waitForCommandDone(server, id)
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 })

    const offset = (await terminal.state()).clockOffsetMs
    expect(offset).toBeGreaterThan(HOUR_MS - TOLERANCE_MS)
    expect(offset).toBeLessThan(HOUR_MS + TOLERANCE_MS)
    // Later polls (and their Date headers) must not undo what the operator asked for.
    await waitForPolls(server, terminal.sn, 3)
    const later = (await terminal.state()).clockOffsetMs
    expect(later).toBeGreaterThan(HOUR_MS - TOLERANCE_MS)
    expect(later).toBeLessThan(HOUR_MS + TOLERANCE_MS)
  })

  // The terminal uploads its log on the first sync cycle of each device-local day.
  it('a log the terminal uploads is stored and listed by the API', async () => {
    if (database.sql) {
      const sql = database.sql
      const rows = await waitFor(
        'a device_logs row',
        async () => {
          const r = await sql<
            { sn: string; size: number }[]
          >`select sn, size from device_logs where sn = ${terminal.sn}`
          return r.length > 0 ? r : undefined
        },
        45_000,
        500,
      )
      expect(rows[0]?.size).toBeGreaterThan(0)
    }
    const logs = await waitFor(
      'GET /api/devices/:sn/logs to list an upload',
      async () => {
        const page = await ok(server.client.api.devices({ sn: terminal.sn }).logs.get(), 'logs')
        return page.items.length > 0 ? page.items : undefined
      },
      45_000,
      500,
    )
    const [log] = logs
    expect(log).toMatchObject({ sn: terminal.sn })
    expect(log?.size).toBeGreaterThan(0)
    const res = await fetch(`${server.url}/api/devices/${terminal.sn}/logs/${log?.id}`, {
      headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
    })
    expect(res.status).toBe(200)
    const content = new Uint8Array(await res.arrayBuffer())
    expect(content.byteLength).toBe(log?.size)
    expect(new TextDecoder().decode(content)).toContain(terminal.sn)
  })
})
