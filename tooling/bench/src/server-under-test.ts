import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import { freePort, type ServerProcess, startProcess } from './child-process'

export interface ServerUnderTestOptions {
  /** Postgres URL; unset runs the server on PGlite in `pgliteDir` */
  databaseUrl?: string
  pgliteDir: string
  /** Seconds between polls the server tells terminals (handshake `Delay`) */
  pollDelaySeconds: number
  /** Write a CPU profile (Bun --cpu-prof) into this folder on exit */
  cpuProfileDir?: string
  /** Also open the lenient listener for legacy firmware on this port (`LEGACY_PORT`) */
  legacyPort?: number
  /** For phases that call the API; random otherwise */
  adminToken?: string
  /** The server's `TZ_DEFAULT`; the machine's zone otherwise */
  timeZone?: string
}

/** Path of the server's entry point, found through the package rather than a fixed path. */
export function serverMain(): string {
  return join(dirname(Bun.resolveSync('@webroster/server', import.meta.dir)), 'main.ts')
}

async function healthy(port: number): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`)
  return res.ok
}

/** Starts the real server (`bun apps/server/src/main.ts`) as its own process on a free port. */
export function startServerUnderTest(options: ServerUnderTestOptions): Promise<ServerProcess> {
  const port = freePort()
  const profile = options.cpuProfileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
    : []
  return startProcess(
    [process.execPath, ...profile, serverMain()],
    {
      HOST: '127.0.0.1',
      DEVICE_ADMISSION: 'open',
      LOG_LEVEL: 'warn',
      ADMIN_TOKEN: options.adminToken ?? randomBytes(24).toString('hex'),
      // '' is "unset" to the server's config: PGlite
      DATABASE_URL: options.databaseUrl ?? '',
      PGLITE_DIR: options.pgliteDir,
      POLL_DELAY_SECONDS: String(options.pollDelaySeconds),
      // the bench measures throughput; a per-device limit would measure the limiter instead
      DEVICE_RATE_LIMIT: '100000',
      ...(options.legacyPort ? { LEGACY_PORT: String(options.legacyPort) } : {}),
      ...(options.timeZone ? { TZ_DEFAULT: options.timeZone } : {}),
    },
    port,
    () => healthy(port),
  )
}

/** Starts the bare Bun.serve `OK` server (the HTTP ceiling) as its own process. */
export function startOkServer(): Promise<ServerProcess> {
  const port = freePort()
  return startProcess(
    [process.execPath, new URL('./ok-server.ts', import.meta.url).pathname],
    {},
    port,
    () => healthy(port),
  )
}
