import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The repository root, where the apps' entry points are resolved from. */
export const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url))

export interface ManagedProcess {
  readonly name: string
  readonly child: ChildProcess
  /** Everything the process printed, for assertions and failure reports */
  output(): string
  exited: Promise<number | null>
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone */
  stop(graceMs?: number): Promise<void>
  /** SIGKILL at once: a crash */
  kill(): Promise<void>
}

/** Children still running, so a crashed test run does not leave them behind. */
const running = new Set<ChildProcess>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL')
  })
}

/**
 * Spawns a process on a repository entry point with `env` added and `args` after the entry: under Bun,
 * or under `runtime` (e.g. a Node 22 binary running the terminal's bundle).
 */
export function spawnEntry(
  name: string,
  entry: string,
  env: Record<string, string>,
  args: readonly string[] = [],
  runtime: string = process.execPath,
): ManagedProcess {
  installExitHook()
  const child = spawn(runtime, [entry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const keep = (chunk: Buffer) => {
    out += chunk.toString()
    if (out.length > 200_000) out = out.slice(-100_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  running.add(child)
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
  child.once('exit', () => running.delete(child))
  const gone = () => child.exitCode !== null || child.signalCode !== null
  return {
    name,
    child,
    output: () => out,
    exited,
    async stop(graceMs = 5000) {
      if (gone()) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
    async kill() {
      if (gone()) return
      child.kill('SIGKILL')
      await exited
    },
  }
}
