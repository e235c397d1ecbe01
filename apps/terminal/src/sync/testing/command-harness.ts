import { DeviceClock } from '../../clock/device-clock'
import type { CommandDeps } from '../../commands/command-deps'
import type { Store } from '../../store/store'
import { CommandRoundTrip } from '../command-round-trip'
import { createHttpAdmsClient } from '../http-adms-client'
import { Uploader } from '../uploader'
import { FakeAdmsServer } from './fake-adms-server'

/** The command round trip over `store`, talking to a fake ADMS server; records reboots and rechecks. */
export function commandHarness(store: Store, server = new FakeAdmsServer()) {
  const client = createHttpAdmsClient({
    serverUrl: 'http://adms.test',
    sn: 'TEST0001',
    timeoutMs: 500,
    version: '1.0.0',
    fetch: server.fetch,
  })
  const clock = new DeviceClock({
    store,
    timeZone: 'UTC',
    timeZoneExplicit: true,
    base: { now: () => new Date('2025-05-20T12:00:00Z') },
  })
  const uploader = new Uploader({ store, client, batchCap: 100 })
  const events: string[] = []
  const deps: CommandDeps = {
    store,
    clock,
    sn: 'TEST0001',
    version: '1.0.0',
    network: () => ({ ip: '10.0.0.2', mac: '02:00:00:00:00:01' }),
    uploadPunches: (p) => uploader.uploadPunches(p),
    uploadOperlog: (l) => uploader.uploadOperlogLines(l),
    flush: async () => {
      await uploader.flush()
    },
    recheck: () => events.push('recheck'),
    optionsChanged: () => events.push('options'),
  }
  const commands = new CommandRoundTrip({
    deps,
    client,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    requestReboot: () => {
      // What the server had acknowledged when the reboot started.
      events.push(`reboot after ${server.results.map((r) => r.id).join(',')}`)
    },
  })
  /** Polls the fake server once and runs what it hands out, as the sync loop does. */
  const poll = async () => {
    const reply = await client.getRequest({})
    return reply.body.startsWith('C:') ? commands.handle(reply.body) : 0
  }
  return { server, client, clock, deps, commands, events, poll }
}
