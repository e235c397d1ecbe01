import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  allPunches,
  groupOf,
  type InstalledRelease,
  installRelease,
  node22,
  ok,
  type ServerHandle,
  type TerminalHandle,
  useScenario,
  waitFor,
  waitForPunches,
  waitForUsers,
} from '../harness'

describe('the installed release under Node 22', () => {
  const scenario = useScenario()
  let node: string
  let release: InstalledRelease
  let server: ServerHandle
  let terminal: TerminalHandle

  beforeAll(async () => {
    node = node22()
    release = installRelease(node)
    const database = await scenario.database()
    server = await scenario.server({ database })
    terminal = await scenario.terminal({
      sn: 'E2ERELEASE1',
      serverUrl: server.url,
      entry: release.entry,
      runtime: node,
      config: { display: { kind: 'hd44780' } },
    })
  }, 600_000)
  afterAll(() => release?.remove())

  it('installed a unit that runs this Node on the installed bundle', () => {
    const unit = readFileSync(
      join(release.root, 'etc/systemd/system/webroster-terminal.service'),
      'utf8',
    )
    expect(unit).toContain(`ExecStart=${node} --disable-warning=ExperimentalWarning`)
    const help = spawnSync(node, [release.entry, '--help'], { encoding: 'utf8' })
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/^webroster-terminal \S+: /)
    expect((spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout ?? '').trim()).toMatch(
      /^v22\./,
    )
  })

  it('gets a person from a real server, punches, greets on the display, and the punch arrives once', async () => {
    const group = await groupOf(server, 'Release', [terminal])
    const users = (await terminal.state()).users
    await ok(
      server.client.api.people.post({
        pin: '901',
        name: 'Zoë Release',
        card: '5550901',
        groupIds: [group.id],
      }),
      'create person 901',
    )
    await waitForUsers(terminal, users + 1)
    const scan = await terminal.scan({ card: '5550901' })
    expect(scan).toMatchObject({ outcome: 'accepted', pin: '901' })
    const state = await terminal.state()
    expect(state.display).toEqual(['Zoë Release', `IN ${scan.time?.slice(11, 16)}`])
    const [punch] = await waitForPunches(server, terminal.sn, 1)
    expect(punch).toMatchObject({ pin: '901', localTime: scan.time, verify: 4 })
    await waitFor('the punch marked sent', async () => (await terminal.state()).unsentPunches === 0)
    expect(await allPunches(server, { pin: '901' })).toHaveLength(1)
  })
})
