import { asc } from 'drizzle-orm'
import { hashSecret } from '../auth/tokens'
import { apiKeys, commands, devices } from '../db/schema'
import type { TestServer } from './test-server'

/** A device row as if it had registered, with optional zone and pushed options. */
export async function addDevice(
  server: TestServer,
  sn: string,
  extra: {
    timeZone?: string
    options?: Record<string, string>
    telemetry?: Record<string, unknown>
    status?: 'pending' | 'approved'
  } = {},
): Promise<void> {
  await server.services.db.insert(devices).values({
    sn,
    status: extra.status ?? 'approved',
    timeZone: extra.timeZone ?? null,
    options: extra.options ?? {},
    telemetry: extra.telemetry ?? {},
  })
}

/** JSON request to the API with the admin token. */
export function call(server: TestServer, method: string, path: string, body?: unknown) {
  return server.request(path, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  })
}

/** Every queued command as `sn: text`, sorted, for exact assertions. */
export async function queuedTexts(server: TestServer): Promise<string[]> {
  const rows = await server.services.db
    .select({ sn: commands.sn, text: commands.text })
    .from(commands)
    .orderBy(asc(commands.sn), asc(commands.text))
  return rows.map((r) => `${r.sn}: ${r.text}`).sort()
}

/** Creates an API key with these scopes; returns the bearer secret. */
export async function apiKeyWith(
  server: TestServer,
  scopes: Array<'read' | 'write'>,
): Promise<string> {
  const key = `wr_key_${scopes.join('_')}_0123456789`
  await server.services.db
    .insert(apiKeys)
    .values({ name: scopes.join('+'), keyHash: hashSecret(key), scopes })
  return key
}

/** Creates an API key with only the `read` scope; returns the bearer secret. */
export function readOnlyKey(server: TestServer): Promise<string> {
  return apiKeyWith(server, ['read'])
}
