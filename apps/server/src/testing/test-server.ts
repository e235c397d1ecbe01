import { createApp } from '../app'
import { type ServerConfig, testConfig } from '../config'
import type { Database } from '../db'
import { rememberClientAddress } from '../http/client-address'
import { silentLogger } from '../logger'
import { createServices, type ServiceDeps, type Services } from '../services'
import { type DbKind, openTestDb } from './test-databases'

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'

export interface TestServer {
  app: ReturnType<typeof createApp>
  services: Services
  database: Database
  /** `app.handle` on a path, with the admin bearer token for /api paths, from `remoteAddress` if given */
  request(path: string, init?: RequestInit & { remoteAddress?: string }): Promise<Response>
  close(): Promise<void>
}

/** A server on a fresh test database of the given kind, driven through `app.handle`. */
export async function createTestServer(
  kind: DbKind,
  overrides: Partial<ServerConfig> = {},
  now?: () => Date,
  hooks: Partial<Pick<ServiceDeps, 'onEnrolled' | 'log'>> = {},
): Promise<TestServer> {
  const database = await openTestDb(kind)
  const config = testConfig({ adminToken: TEST_ADMIN_TOKEN, admission: 'open', ...overrides })
  const services = await createServices({
    database,
    config,
    log: hooks.log ?? silentLogger,
    ...(now ? { now } : {}),
    ...(hooks.onEnrolled ? { onEnrolled: hooks.onEnrolled } : {}),
  })
  const app = createApp(services)
  return {
    app,
    services,
    database,
    request(path, { remoteAddress, ...init } = {}) {
      const headers = new Headers(init.headers)
      if (path.startsWith('/api') && !headers.has('authorization')) {
        headers.set('authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      }
      const request = new Request(`http://localhost${path}`, { ...init, headers })
      rememberClientAddress(request, remoteAddress)
      return app.handle(request)
    },
    async close() {
      await services.stop()
      await database.close()
    },
  }
}
