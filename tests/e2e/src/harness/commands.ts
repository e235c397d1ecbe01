import type { CommandView } from './api-types'
import type { ServerHandle } from './server'
import { waitFor } from './wait'

/** Queues a command for `sn` through the API; returns its id. */
export async function queueCommand(
  server: ServerHandle,
  sn: string,
  body: Record<string, unknown>,
): Promise<number> {
  const queued = await server.api<{ id: number }>('POST', `/api/devices/${sn}/commands`, body)
  return queued.id
}

/** Waits until the command leaves `queued`/`sent`; returns its final view. */
export function waitForCommandDone(
  server: ServerHandle,
  id: number,
  timeoutMs = 60_000,
): Promise<CommandView> {
  return waitFor(
    `command ${id} to complete`,
    async () => {
      const c = await server.api<CommandView>('GET', `/api/commands/${id}`)
      return c.status === 'queued' || c.status === 'sent' ? undefined : c
    },
    timeoutMs,
    250,
  )
}
