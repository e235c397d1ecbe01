import { beforeAll, describe, expect, it } from 'vitest'
import {
  ok,
  queueCommand,
  type ServerHandle,
  type TerminalHandle,
  useScenario,
  waitFor,
  waitForCommandDone,
  waitForDevice,
} from '../harness'

describe('reboot command', () => {
  const scenario = useScenario()
  let server: ServerHandle
  let terminal: TerminalHandle

  beforeAll(async () => {
    const database = await scenario.database()
    server = await scenario.server({ database })
    terminal = await scenario.terminal({ sn: 'E2EREBOOT1', serverUrl: server.url })
    await waitForDevice(server, terminal.sn)
  })

  it('is acknowledged, restarts the terminal (boot count + 1), which handshakes again', async () => {
    await waitFor('the terminal to come online', async () => (await terminal.state()).online)
    const before = (await terminal.state()).bootCount

    const id = await queueCommand(server, terminal.sn, { type: 'reboot' })
    const done = await waitForCommandDone(server, id)
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 })

    const after = await waitFor('the terminal to boot again and come back online', async () => {
      const s = await terminal.state()
      return s.bootCount > before && s.online ? s : undefined
    })
    expect(after.bootCount).toBe(before + 1)
    // A soft reboot stays in the same process: the OS process never went away.
    expect(terminal.process.child.exitCode).toBeNull()
    // And it does not reboot again: the command is not delivered twice.
    const again = await ok(server.client.api.commands({ id }).get(), `command ${id}`)
    expect(again).toMatchObject({ status: 'succeeded', attempts: 1 })
    expect((await terminal.state()).bootCount).toBe(before + 1)
  })
})
