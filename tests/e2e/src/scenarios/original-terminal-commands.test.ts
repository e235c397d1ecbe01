import { beforeAll, describe, expect, it } from 'vitest'
import {
  type CommandView,
  OriginalTerminal,
  queueCommand,
  type ServerHandle,
  useScenario,
} from '../harness'

/** Three redelivery periods of the harness (COMMAND_REDELIVERY_SECONDS=5), polled every second. */
const WATCH_MS = 16_000

describe('commands to the original Webroster terminal, which never acknowledges one', () => {
  const scenario = useScenario()
  let server: ServerHandle
  let terminal: OriginalTerminal

  beforeAll(async () => {
    server = await scenario.server({ database: await scenario.database(), admission: 'approve' })
    terminal = new OriginalTerminal({ serverUrl: server.url, sn: 'WBIO0E2E05' })
    await terminal.handshake()
    await server.api('POST', `/api/devices/${terminal.sn}/approve`)
  })

  it('hands each command over once, a reboot as CONTROL DEVICE 03000000, and never loops', async () => {
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
    const userView = await server.api<CommandView>('GET', `/api/commands/${user}`)
    expect(userView).toMatchObject({ status: 'delivered', attempts: 1 })
    const rebootView = await server.api<CommandView>('GET', `/api/commands/${reboot}`)
    expect(['delivered', 'succeeded']).toContain(rebootView.status)
    expect(rebootView.attempts).toBe(1)
  })
})
