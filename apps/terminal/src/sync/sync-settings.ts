import type { HandshakeOptions } from '@webroster/protocol'
import { type OptionStore, serverOptionKey } from '../store/options'
import { parseTransTimes } from './upload-schedule'

/** The server's options as the sync loop uses them, persisted so a reboot keeps them. */
export interface SyncSettings {
  /** Seconds between getrequest polls. */
  delaySeconds: number
  /** Seconds to wait after a failed request, before backoff growth. */
  errorDelaySeconds: number
  /** Minutes between scheduled uploads when not real-time; 0 means only on demand. */
  transIntervalMinutes: number
  /** Wall-clock `HH:MM` times of scheduled uploads when not real-time (`TransTimes`). */
  transTimes: string[]
  /** Upload each punch as soon as it is committed. */
  realtime: boolean
}

const DEFAULTS: SyncSettings = {
  delaySeconds: 30,
  errorDelaySeconds: 30,
  transIntervalMinutes: 1,
  transTimes: [],
  realtime: true,
}

// Bounds keep a hostile or mistyped option from stopping the loop or hammering the server.
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))

function intOption(store: Pick<OptionStore, 'getOption'>, key: string): number | undefined {
  const raw = store.getOption(serverOptionKey(key))?.trim()
  return raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : undefined
}

/** Reads the settings from the stored server options, defaults where none were given. */
export function readSyncSettings(store: Pick<OptionStore, 'getOption'>): SyncSettings {
  const realtime = store.getOption(serverOptionKey('Realtime'))?.trim()
  return {
    delaySeconds: clamp(intOption(store, 'Delay') ?? DEFAULTS.delaySeconds, 1, 3600),
    errorDelaySeconds: clamp(intOption(store, 'ErrorDelay') ?? DEFAULTS.errorDelaySeconds, 1, 3600),
    transIntervalMinutes: clamp(
      intOption(store, 'TransInterval') ?? DEFAULTS.transIntervalMinutes,
      0,
      24 * 60,
    ),
    transTimes: parseTransTimes(store.getOption(serverOptionKey('TransTimes'))),
    realtime: realtime === undefined ? DEFAULTS.realtime : realtime === '1',
  }
}

/** Persists the option block of a handshake reply (the keys the loop and clock care about). */
export function storeHandshakeOptions(
  store: Pick<OptionStore, 'setOptions'>,
  options: HandshakeOptions,
): void {
  const entries: Record<string, string> = {
    Delay: String(options.delay),
    ErrorDelay: String(options.errorDelay),
    TransInterval: String(options.transInterval),
    TransTimes: options.transTimes,
    Realtime: options.realtime ? '1' : '0',
    TimeZone: String(options.timeZone),
    PushProtVer: options.pushProtVer,
    ServerVer: options.serverVer,
  }
  for (const [table, stamp] of Object.entries(options.stamps)) {
    if (stamp !== undefined) entries[`${table}Stamp`] = stamp
  }
  store.setOptions(
    Object.fromEntries(Object.entries(entries).map(([k, v]) => [serverOptionKey(k), v])),
  )
}
