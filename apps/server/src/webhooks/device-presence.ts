import type { Tx } from '../db'
import { seenDevices } from '../devices'
import { isDeviceOnline } from '../devices/online'
import { readSetting, writeSetting } from '../settings'
import type { DerivedEvent } from './event-sources'

export const DEVICE_STATES = 'webhook_device_states'

type Presence = 'online' | 'offline'

function parseStates(raw: string | undefined): Record<string, Presence> {
  if (!raw) return {}
  try {
    return JSON.parse(raw) as Record<string, Presence>
  } catch {
    return {}
  }
}

/**
 * Compares each device's presence (from `last_seen_at`) with the last state recorded in settings and
 * emits `device-online` / `device-offline` once per transition. A device first seen already offline is
 * recorded without an event: there was no online period we reported.
 */
export async function derivePresenceEvents(
  tx: Tx,
  now: Date,
  pollDelaySeconds: number,
): Promise<DerivedEvent[]> {
  const known = parseStates(await readSetting(tx, DEVICE_STATES))
  const rows = await seenDevices(tx)
  const next: Record<string, Presence> = {}
  const events: DerivedEvent[] = []
  for (const d of rows) {
    const seen = d.lastSeenAt ?? new Date(0)
    const state: Presence = isDeviceOnline(d, now, pollDelaySeconds) ? 'online' : 'offline'
    next[d.sn] = state
    const before = known[d.sn]
    if (before === state || (before === undefined && state === 'offline')) continue
    events.push({
      event: state === 'online' ? 'device-online' : 'device-offline',
      data: { sn: d.sn, name: d.name, lastSeenAt: seen.toISOString() },
    })
  }
  const changed =
    Object.keys(next).length !== Object.keys(known).length ||
    Object.entries(next).some(([sn, s]) => known[sn] !== s)
  if (changed) await writeSetting(tx, DEVICE_STATES, JSON.stringify(next))
  return events
}
