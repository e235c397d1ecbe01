import type { ListedPunch } from '@webroster/server/client'
import { ok } from './api'
import type { ServerHandle } from './server'
import { waitFor } from './wait'

/** Every punch the API lists for the query, oldest first, following the cursor to the last page. */
export async function allPunches(
  server: ServerHandle,
  query: { sn?: string; pin?: string } = {},
): Promise<ListedPunch[]> {
  const out: ListedPunch[] = []
  let cursor: string | null = null
  do {
    const after: string | null = cursor
    const page: { items: ListedPunch[]; nextCursor: string | null } = await ok(
      server.client.api.attendance.get({
        query: { limit: 1000, sort: 'oldest', ...query, ...(after ? { cursor: after } : {}) },
      }),
      'list punches',
    )
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}

/** Waits until the API lists at least `count` punches of `sn`; returns what it lists then. */
export function waitForPunches(
  server: ServerHandle,
  sn: string,
  count: number,
  timeoutMs = 60_000,
): Promise<ListedPunch[]> {
  return waitFor(
    `${count} punches of ${sn} on the server`,
    async () => {
      const punches = await allPunches(server, { sn })
      return punches.length >= count ? punches : undefined
    },
    timeoutMs,
    250,
  )
}

/** Punch identities (device, PIN, device-local time, status) that appear more than once. */
export function duplicatePunches(punches: readonly ListedPunch[]): string[] {
  const seen = new Map<string, number>()
  for (const p of punches) {
    const key = `${p.sn}|${p.pin}|${p.localTime}|${p.status}`
    seen.set(key, (seen.get(key) ?? 0) + 1)
  }
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key)
}
