import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** This folder, and the terminal package one folder up. */
const HERE = fileURLToPath(new URL('.', import.meta.url))
const APP = resolve(HERE, '..')

/** Node the bundle needs: node:sqlite without a flag. install.sh checks the same bound. */
export const NODE_ENGINES = '>=22.13'

/** The native addons the bundle loads for HARDWARE=linux, at the versions the workspace tests. */
const ADDONS = ['onoff', 'i2c-bus', 'serialport'] as const

export type Release = { version: string; name: string; archive: string }

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] })
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (status ${result.status})`)
  }
}

/**
 * Builds `webroster-terminal-<version>.tar.gz` in `outDir`: the Node bundle (with a shebang), a
 * package.json with the `engines` range and the addons as dependencies, the systemd unit, the polkit
 * rule, the env and terminal.json examples and install.sh, all in one top folder.
 * @example const { archive } = buildRelease({ outDir: 'dist/release' })
 */
export function buildRelease(options: { outDir: string }): Release {
  const pkg = JSON.parse(readFileSync(join(APP, 'package.json'), 'utf8')) as {
    version: string
    optionalDependencies: Record<string, string>
  }
  const name = `webroster-terminal-${pkg.version}`
  const outDir = resolve(options.outDir)
  const stage = join(outDir, name)
  rmSync(stage, { recursive: true, force: true })
  mkdirSync(stage, { recursive: true })

  const bundle = join(stage, 'terminal.mjs')
  run(
    'bun',
    [
      'build',
      'src/main.ts',
      '--target=node',
      '--format=esm',
      `--outfile=${bundle}`,
      ...ADDONS.flatMap((a) => ['--external', a]),
    ],
    APP,
  )
  const code = readFileSync(bundle, 'utf8')
  writeFileSync(bundle, code.startsWith('#!') ? code : `#!/usr/bin/env node\n${code}`)
  chmodSync(bundle, 0o755)

  const dependencies = Object.fromEntries(
    ADDONS.map((a) => {
      const version = pkg.optionalDependencies[a]
      if (!version) throw new Error(`apps/terminal/package.json lists no version of ${a}`)
      return [a, version]
    }),
  )
  const manifest = {
    name: 'webroster-terminal',
    version: pkg.version,
    private: true,
    type: 'module',
    description: 'Webroster attendance terminal (Node bundle)',
    bin: { 'webroster-terminal': './terminal.mjs' },
    engines: { node: NODE_ENGINES },
    dependencies,
  }
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  writeFileSync(join(stage, 'VERSION'), `${pkg.version}\n`)

  const deploy = join(APP, 'deploy')
  for (const file of [
    'webroster-terminal.service',
    '50-webroster-terminal.rules',
    'terminal.env.example',
    'terminal.json.example',
  ]) {
    copyFileSync(join(deploy, file), join(stage, file))
  }
  copyFileSync(join(HERE, 'install.sh'), join(stage, 'install.sh'))
  chmodSync(join(stage, 'install.sh'), 0o755)

  const archive = join(outDir, `${name}.tar.gz`)
  run('tar', ['-czf', archive, '--owner=0', '--group=0', '-C', outDir, name], outDir)
  rmSync(stage, { recursive: true, force: true })
  return { version: pkg.version, name, archive }
}

if (import.meta.main) {
  const outDir = process.argv[2] ?? join(APP, 'dist', 'release')
  const { archive } = buildRelease({ outDir })
  console.log(archive)
}
