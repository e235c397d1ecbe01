import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT_CONFIG } from '../src/config/exit-codes'
import { buildRelease, NODE_ENGINES, type Release } from './build-release'

const APP = fileURLToPath(new URL('..', import.meta.url))

let work: string
let release: Release
let unpacked: string

/** A stand-in program on PATH that records its argv (and answers --version for node). */
function fakeTool(bin: string, name: string, output = ''): void {
  const path = join(bin, name)
  writeFileSync(
    path,
    `#!/bin/sh\necho "${name} $*" >> "${join(bin, 'calls.log')}"\n${output ? `echo '${output}'\n` : ''}`,
  )
  chmodSync(path, 0o755)
}

/** Runs the unpacked install.sh into `root` with fake node and npm (real account tools and systemctl). */
function install(root: string, nodeVersion: string, args: string[] = []) {
  const bin = mkdtempSync(join(work, 'bin-'))
  fakeTool(bin, 'node', nodeVersion)
  fakeTool(bin, 'npm')
  const result = spawnSync('bash', [join(unpacked, 'install.sh'), '--root', root, ...args], {
    env: { PATH: `${bin}:${process.env.PATH ?? ''}` },
    encoding: 'utf8',
  })
  const log = join(bin, 'calls.log')
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []
  return { ...result, calls, bin }
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'webroster-release-'))
  release = buildRelease({ outDir: join(work, 'out') })
  const extract = spawnSync('tar', ['-xzf', release.archive, '-C', work])
  expect(extract.status).toBe(0)
  unpacked = join(work, release.name)
}, 60_000)
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe('the terminal release archive', () => {
  it('is versioned and holds the bundle, its manifest, the unit, the rule, the examples and install.sh', () => {
    const version = JSON.parse(readFileSync(join(APP, 'package.json'), 'utf8')).version
    expect(release.name).toBe(`webroster-terminal-${version}`)
    expect(release.archive.endsWith(`${release.name}.tar.gz`)).toBe(true)
    const listing = spawnSync('tar', ['-tzf', release.archive], { encoding: 'utf8' }).stdout
    expect(listing.trim().split('\n').sort()).toEqual(
      [
        '',
        '50-webroster-terminal.rules',
        'VERSION',
        'install.sh',
        'package.json',
        'terminal.env.example',
        'terminal.json.example',
        'terminal.mjs',
        'webroster-terminal.service',
      ].map((f) => `${release.name}/${f}`),
    )
    expect(readFileSync(join(unpacked, 'terminal.mjs'), 'utf8').split('\n')[0]).toBe(
      '#!/usr/bin/env node',
    )
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'))
    expect(manifest).toMatchObject({
      version,
      engines: { node: NODE_ENGINES },
      bin: { 'webroster-terminal': './terminal.mjs' },
    })
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['i2c-bus', 'onoff', 'serialport'])
    const example = JSON.parse(readFileSync(join(unpacked, 'terminal.json.example'), 'utf8'))
    expect(example).toMatchObject({ rebootCommand: ['systemctl', 'reboot'] })
  })

  it('installs into a scratch root: files, accounts, the unit with the Node it found, enabled', () => {
    const root = join(work, 'root')
    const { status, stdout, stderr, calls, bin } = install(root, 'v22.13.1')
    // systemctl reports the symlink it made on stderr; install.sh's own complaints start with its name.
    expect(stderr).not.toContain('install.sh:')
    expect(status).toBe(0)
    expect(stdout).toContain('Node v22.13.1')

    const opt = join(root, 'opt', 'webroster')
    expect(statSync(join(opt, 'terminal.mjs')).mode & 0o111).not.toBe(0)
    expect(readFileSync(join(opt, 'package.json'), 'utf8')).toContain(NODE_ENGINES)
    expect(calls).toContain('npm install --omit=dev --no-audit --no-fund --no-package-lock')

    const passwd = readFileSync(join(root, 'etc', 'passwd'), 'utf8')
    expect(passwd).toMatch(/^webroster:x:\d+:\d+::\/var\/lib\/webroster:\/usr\/sbin\/nologin$/m)
    const group = readFileSync(join(root, 'etc', 'group'), 'utf8')
    for (const g of ['gpio', 'i2c', 'dialout']) {
      expect(group).toMatch(new RegExp(`^${g}:x:\\d+:webroster$`, 'm'))
    }

    const unit = readFileSync(join(root, 'etc/systemd/system/webroster-terminal.service'), 'utf8')
    expect(unit).toMatch(new RegExp(`^ExecStart=${join(bin, 'node')} --disable-warning`, 'm'))
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/webroster\/terminal\.env$/m)
    const wants = join(
      root,
      'etc/systemd/system/multi-user.target.wants/webroster-terminal.service',
    )
    expect(readlinkSync(wants)).toBe('/etc/systemd/system/webroster-terminal.service')

    expect(
      readFileSync(join(root, 'etc/polkit-1/rules.d/50-webroster-terminal.rules'), 'utf8'),
    ).toContain('org.freedesktop.login1.reboot')
    const env = join(root, 'etc/webroster/terminal.env')
    expect(readFileSync(env, 'utf8')).toMatch(/^HARDWARE=linux$/m)
    expect(statSync(env).mode & 0o777).toBe(0o640)
    expect(existsSync(join(root, 'etc/webroster/terminal.json'))).toBe(true)

    // Again, as an upgrade: settings kept, the user not created twice.
    writeFileSync(env, 'SERVER_URL=http://10.1.1.1:8081\n')
    const again = install(root, 'v24.1.0', ['--skip-addons'])
    expect(again.status).toBe(0)
    expect(again.stdout).toContain('kept /etc/webroster/terminal.env')
    expect(again.calls.filter((c) => c.startsWith('npm'))).toEqual([])
    expect(readFileSync(env, 'utf8')).toBe('SERVER_URL=http://10.1.1.1:8081\n')
    expect(readFileSync(join(root, 'etc', 'passwd'), 'utf8').match(/^webroster:/gm)).toHaveLength(1)
  })

  it('refuses a Node older than 22.13 in one line, before laying anything down', () => {
    for (const old of ['v20.20.2', 'v22.12.0', 'v18.19.0']) {
      const root = join(work, `old-${old}`)
      const { status, stderr } = install(root, old)
      expect(status).toBe(1)
      expect(stderr.trim().split('\n')).toHaveLength(1)
      expect(stderr).toContain(`Node.js 22.13 or newer is required, found ${old}`)
      expect(existsSync(root)).toBe(false)
    }
  })

  it('prints its help', () => {
    const result = spawnSync('bash', [join(unpacked, 'install.sh'), '--help'], { encoding: 'utf8' })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('--root DIR')
  })
})

describe('the systemd unit and the polkit rule', () => {
  const deploy = join(APP, 'deploy')
  const unit = readFileSync(join(deploy, 'webroster-terminal.service'), 'utf8')
  const directives = (key: string) =>
    [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1] ?? '')

  it('will not start without its env file and settings', () => {
    expect(directives('EnvironmentFile')).toEqual(['/etc/webroster/terminal.env'])
    expect(directives('AssertPathExists')).toEqual([
      '/etc/webroster/terminal.env',
      '/etc/webroster/terminal.json',
    ])
  })

  it('stops restarting on the exit status the terminal uses for configuration errors', () => {
    expect(directives('Restart')).toEqual(['always'])
    expect(directives('RestartPreventExitStatus')).toEqual([String(EXIT_CONFIG)])
  })

  it('hard-codes no Node path and keeps its hardening, with the groups the hardware needs', () => {
    const [exec] = directives('ExecStart')
    expect(exec).toMatch(/^\/usr\/bin\/env node /)
    expect(exec).toContain('/opt/webroster/terminal.mjs --config /etc/webroster/terminal.json')
    expect(directives('NoNewPrivileges')).toEqual(['true'])
    expect(directives('SupplementaryGroups')).toEqual(['gpio i2c dialout'])
  })

  it("lets exactly the unit's user reboot through logind", () => {
    const rule = readFileSync(join(deploy, '50-webroster-terminal.rules'), 'utf8')
    const [user] = directives('User')
    expect(rule).toContain(`subject.user === '${user}'`)
    expect(rule).toContain("'org.freedesktop.login1.reboot'")
    expect(rule).toContain('polkit.Result.YES')
    // Evaluated as polkit does: addRule registers a function asked about each action.
    type Rule = (action: { id: string }, subject: { user: string }) => unknown
    const rules: Rule[] = []
    const polkit = { Result: { YES: 'yes' }, addRule: (r: Rule) => rules.push(r) }
    new Function('polkit', rule)(polkit)
    const ask = (id: string, who: string) => rules[0]?.({ id }, { user: who })
    expect(ask('org.freedesktop.login1.reboot', 'webroster')).toBe('yes')
    expect(ask('org.freedesktop.login1.reboot-multiple-sessions', 'webroster')).toBe('yes')
    expect(ask('org.freedesktop.login1.power-off', 'webroster')).toBeUndefined()
    expect(ask('org.freedesktop.login1.reboot', 'pi')).toBeUndefined()
  })

  it('passes systemd-analyze verify where systemd is installed', () => {
    const probe = spawnSync('systemd-analyze', ['--version'])
    if (probe.status !== 0) return
    const dir = mkdtempSync(join(tmpdir(), 'webroster-unit-'))
    try {
      const copy = join(dir, 'webroster-terminal.service')
      writeFileSync(copy, unit.replace('/usr/bin/env node', '/bin/true'))
      const result = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' })
      const complaints = result.stderr
        .split('\n')
        .filter(
          (l) => l.includes('webroster-terminal.service') && !/not found|No such file/.test(l),
        )
      expect(complaints).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
