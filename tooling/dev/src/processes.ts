import { type ChildProcess, spawn } from 'node:child_process'

/** A child process whose output lines are prefixed with its name. */
export interface Child {
  name: string
  process: ChildProcess
  exited: Promise<number | null>
}

/** Starts `command` with `env` added, prefixing each output line with `[name]`. */
export function startChild(
  name: string,
  command: string[],
  env: Record<string, string>,
  cwd: string,
): Child {
  const [file, ...args] = command
  if (!file) throw new Error('empty command')
  const child = spawn(file, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const prefix = (chunk: Buffer, to: NodeJS.WriteStream) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() !== '') to.write(`[${name}] ${line}\n`)
    }
  }
  child.stdout?.on('data', (c: Buffer) => prefix(c, process.stdout))
  child.stderr?.on('data', (c: Buffer) => prefix(c, process.stderr))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { name, process: child, exited }
}

/** Sends SIGTERM to every child and waits for them, with SIGKILL after a grace period. */
export async function stopChildren(children: Child[], graceMs = 5000): Promise<void> {
  for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGTERM')
  const timer = setTimeout(() => {
    for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL')
  }, graceMs)
  await Promise.all(children.map((c) => c.exited))
  clearTimeout(timer)
}

/** Polls `url` until it answers 2xx, or throws after `timeoutMs` or as soon as `child` exits. */
export async function waitForHttp(url: string, timeoutMs: number, child?: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    if (child && child.process.exitCode !== null) {
      throw new Error(`${child.name} exited (${child.process.exitCode}) before ${url} answered`)
    }
    try {
      const res = await fetch(url)
      if (res.ok) return
      last = `HTTP ${res.status}`
    } catch (e) {
      last = e instanceof Error ? e.message : String(e)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last})`)
}
