import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from './process'

let built: string | undefined

/**
 * The console built from the current source into a folder of its own (for the server's CONSOLE_DIR), once per
 * test process: a browser test never runs against a stale `dist` from an earlier build.
 */
export function buildConsole(): string {
  if (built) return built
  const out = mkdtempSync(join(tmpdir(), 'webroster-console-'))
  const result = spawnSync(
    process.execPath,
    ['x', 'vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'],
    { cwd: join(repoRoot, 'apps/console'), encoding: 'utf8' },
  )
  if (result.status !== 0) throw new Error(`console build failed: ${result.stderr}${result.stdout}`)
  built = out
  return out
}
