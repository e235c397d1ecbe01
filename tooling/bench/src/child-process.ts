import type { Subprocess } from 'bun'
import { children } from './child-registry'

/** A process the bench started: the server under test or the ceiling server. */
export interface ServerProcess {
  pid: number
  port: number
  /** With `--servers N`: every process's port and pid (the first ones are `port` and `pid`) */
  ports?: number[]
  pids?: number[]
  /** SIGTERM, wait (then SIGKILL after `graceMs`) */
  stop(graceMs?: number): Promise<void>
  /** What the process wrote to stderr so far (for error reports) */
  stderr(): string
  /** The last few KB it wrote to stdout (the server's log lines at or above `LOG_LEVEL`) */
  stdout(): string
}

/** A free loopback port: bind port 0, read it, release it. */
export function freePort(): number {
  const listener = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const port = listener.port
  listener.stop(true)
  return port
}

/** Starts `cmd` listening on `port` and waits until `ready()` answers true. */
export async function startProcess(
  cmd: string[],
  env: Record<string, string>,
  port: number,
  ready: () => Promise<boolean>,
  timeoutMs = 120_000,
): Promise<ServerProcess> {
  let errText = ''
  let outText = ''
  const proc: Subprocess<'ignore', 'pipe', 'pipe'> = children.track(
    Bun.spawn(cmd, {
      env: { ...process.env, ...env, PORT: String(port) },
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
    }),
  )
  void (async () => {
    const decoder = new TextDecoder()
    for await (const chunk of proc.stderr) errText = (errText + decoder.decode(chunk)).slice(-8000)
  })()
  void (async () => {
    const decoder = new TextDecoder()
    for await (const chunk of proc.stdout) outText = (outText + decoder.decode(chunk)).slice(-8000)
  })()
  const stop = async (graceMs = 15_000) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return
    proc.kill('SIGTERM')
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs)
    await proc.exited
    clearTimeout(timer)
  }
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (proc.exitCode !== null) {
      throw new Error(`${cmd.join(' ')} exited with ${proc.exitCode}: ${errText.slice(-2000)}`)
    }
    if (await ready().catch(() => false)) {
      return { pid: proc.pid, port, stop, stderr: () => errText, stdout: () => outText }
    }
    await Bun.sleep(100)
  }
  await stop(1000)
  throw new Error(`${cmd.join(' ')} did not become ready: ${errText.slice(-2000)}`)
}
