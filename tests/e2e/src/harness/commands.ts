import type { Command } from '@webroster/server/client'
import { ok } from './api'
import type { ServerHandle } from './server'

/** A device command's body, as the typed client takes it. */
export type CommandRequest = Parameters<
  ReturnType<ServerHandle['client']['api']['devices']>['commands']['post']
>[0]

import { waitFor } from './wait'

/** Queues a command for `sn` through the API; returns its id. */
export async function queueCommand(
  server: ServerHandle,
  sn: string,
  body: CommandRequest,
): Promise<number> {
  const queued = await ok(server.client.api.devices({ sn }).commands.post(body), `command to ${sn}`)
  return queued.id
}

/** Waits until the command leaves `queued`/`sent`; returns its final view. */
export function waitForCommandDone(
  server: ServerHandle,
  id: number,
  timeoutMs = 60_000,
): Promise<Command> {
  return waitFor(
    `command ${id} to complete`,
    async () => {
      const c = await ok(server.client.api.commands({ id }).get(), `command ${id}`)
      return c.status === 'queued' || c.status === 'sent' ? undefined : c
    },
    timeoutMs,
    250,
  )
}
