import type { Group } from '@webroster/server/client'
import { ok } from './api'
import type { ServerHandle } from './server'
import type { TerminalHandle } from './terminal'
import { waitFor } from './wait'

/** Waits until the server knows the device (it has handshaken or polled). */
export function waitForDevice(server: ServerHandle, sn: string, timeoutMs = 30_000) {
  return waitFor(
    `device ${sn} registered on ${server.url}`,
    () => ok(server.client.api.devices({ sn }).get(), `device ${sn}`),
    timeoutMs,
    200,
  )
}

/** Creates a group and puts every listed terminal in it (after they have registered). */
export async function groupOf(
  server: ServerHandle,
  name: string,
  terminals: readonly TerminalHandle[],
): Promise<Group> {
  const group = await ok(server.client.api.groups.post({ name }), `create group ${name}`)
  for (const t of terminals) {
    await waitForDevice(server, t.sn)
    await ok(
      server.client.api.devices({ sn: t.sn }).patch({ groupIds: [group.id] }),
      `put ${t.sn} in group ${name}`,
    )
  }
  return group
}

export interface PersonSpec {
  pin: string
  card: string
}

/** `count` people `<prefix><n>` with cards `<cardBase + n>`, created a few at a time. */
export async function createPeople(
  server: ServerHandle,
  options: { count: number; groupId: number; pinPrefix?: string; cardBase?: number },
): Promise<PersonSpec[]> {
  const prefix = options.pinPrefix ?? ''
  const base = options.cardBase ?? 700_000
  const specs = Array.from({ length: options.count }, (_, i) => ({
    pin: `${prefix}${i + 1}`,
    card: String(base + i + 1),
  }))
  const concurrency = 8
  for (let i = 0; i < specs.length; i += concurrency) {
    await Promise.all(
      specs.slice(i, i + concurrency).map((p) =>
        ok(
          server.client.api.people.post({
            pin: p.pin,
            name: `Person ${p.pin}`,
            card: p.card,
            groupIds: [options.groupId],
          }),
          `create person ${p.pin}`,
        ),
      ),
    )
  }
  return specs
}

/** Waits until a terminal holds at least `users` users (the server's USERINFO commands ran). */
export function waitForUsers(terminal: TerminalHandle, users: number, timeoutMs = 60_000) {
  return waitFor(
    `${terminal.sn} to hold ${users} users`,
    async () => {
      const s = await terminal.state()
      return s.users >= users ? s : undefined
    },
    timeoutMs,
    250,
  )
}

/**
 * Waits until the server has seen the device poll (or, not yet approved, knock) for `seconds` more seconds: with
 * the harness's one-second poll delay that is at least that many sync cycles.
 */
export async function waitForPolls(server: ServerHandle, sn: string, seconds: number) {
  const from = Date.now()
  return waitFor(
    `${sn} to keep polling ${server.url} for ${seconds} s`,
    async () => {
      const d = await ok(server.client.api.devices({ sn }).get(), `device ${sn}`)
      const last = d.status === 'approved' ? d.lastSeenAt : d.lastKnockAt
      return last && Date.parse(last) >= from + seconds * 1000 ? d : undefined
    },
    seconds * 1000 + 30_000,
    250,
  )
}
