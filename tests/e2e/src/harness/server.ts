import { type Client, createClient } from '@webroster/server/client'
import type { ScenarioDatabase } from './database'
import { freePort } from './ports'
import { type ManagedProcess, spawnEntry } from './process'
import { waitFor } from './wait'

export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef'

export interface ServerHandle {
  url: string
  port: number
  process: ManagedProcess
  /** The server's typed client with the admin token (`ok()` unwraps an answer or throws) */
  client: Client
  restart(): Promise<void>
  stop(): Promise<void>
  kill(): Promise<void>
}

export interface ServerOptions {
  database: ScenarioDatabase
  admission?: 'open' | 'approve' | 'token'
  port?: number
  env?: Record<string, string>
}

/** Starts a real server process and waits until /healthz answers. */
export async function startServer(options: ServerOptions): Promise<ServerHandle> {
  const port = options.port ?? (await freePort())
  const url = `http://127.0.0.1:${port}`
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_TOKEN: E2E_ADMIN_TOKEN,
    DEVICE_ADMISSION: options.admission ?? 'open',
    POLL_DELAY_SECONDS: '1',
    ERROR_DELAY_SECONDS: '1',
    COMMAND_REDELIVERY_SECONDS: '5',
    ...options.database.env,
    ...options.env,
  }
  const boot = async () => {
    const p = spawnEntry(`server:${port}`, 'apps/server/src/main.ts', env)
    await waitFor(
      `server on ${url}`,
      async () => {
        if (p.child.exitCode !== null) throw new Error(`server exited: ${p.output()}`)
        const res = await fetch(`${url}/healthz`)
        return res.ok
      },
      60_000,
      200,
    )
    return p
  }
  const handle: ServerHandle = {
    url,
    port,
    process: await boot(),
    client: createClient(url, { token: E2E_ADMIN_TOKEN }),
    async restart() {
      await handle.process.stop()
      handle.process = await boot()
    },
    stop: () => handle.process.stop(),
    kill: () => handle.process.kill(),
  }
  return handle
}
