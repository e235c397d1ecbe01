import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from './process'

/** A Node 22 binary: E2E_TERMINAL_RUNTIME when it is one, else the one `npx -y node@22` fetches (as CI does). */
export function node22(): string {
  const given = process.env.E2E_TERMINAL_RUNTIME
  if (given && /^v22\./.test(spawnSync(given, ['--version'], { encoding: 'utf8' }).stdout ?? '')) {
    return given
  }
  const result = spawnSync(
    'npx',
    ['-y', 'node@22', '-e', 'process.stdout.write(process.execPath)'],
    {
      encoding: 'utf8',
      timeout: 300_000,
    },
  )
  if (result.status !== 0 || !result.stdout) {
    throw new Error(`cannot get Node 22 through npx: ${result.stderr}`)
  }
  return result.stdout
}

export interface InstalledRelease {
  /** The scratch root install.sh laid the files into */
  root: string
  /** The installed bundle, `<root>/opt/webroster/terminal.mjs` */
  entry: string
  installOutput: string
  remove(): void
}

const run = (command: string, args: string[], env: Record<string, string> = {}) => {
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 300_000,
  })
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')}: ${result.status}\n${result.stdout}${result.stderr}`,
    )
  }
  return `${result.stdout}${result.stderr}`
}

/**
 * Builds the terminal release archive (or takes E2E_RELEASE_ARCHIVE), unpacks it and runs its
 * install.sh into a scratch root with `node` as the checked Node, without the native addons
 * (simulated hardware never loads them).
 */
export function installRelease(node: string): InstalledRelease {
  const work = mkdtempSync(join(tmpdir(), 'webroster-e2e-release-'))
  let archive = process.env.E2E_RELEASE_ARCHIVE
  if (!archive) {
    run('bun', ['apps/terminal/release/build-release.ts', join(work, 'out')])
    const built = readdirSync(join(work, 'out')).find((f) => f.endsWith('.tar.gz'))
    if (!built) throw new Error('the release build made no archive')
    archive = join(work, 'out', built)
  }
  run('tar', ['-xzf', archive, '-C', work])
  const folder = readdirSync(work).find((f) => f.startsWith('webroster-terminal-'))
  if (!folder) throw new Error(`no webroster-terminal-* folder in ${archive}`)
  const root = join(work, 'root')
  const installOutput = run(
    'bash',
    [join(work, folder, 'install.sh'), '--root', root, '--skip-addons'],
    {
      NODE: node,
    },
  )
  const entry = join(root, 'opt', 'webroster', 'terminal.mjs')
  if (!existsSync(entry))
    throw new Error(`install.sh laid no bundle at ${entry}:\n${installOutput}`)
  return {
    root,
    entry,
    installOutput,
    remove: () => rmSync(work, { recursive: true, force: true }),
  }
}
