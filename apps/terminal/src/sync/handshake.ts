import { type HandshakeStamps, parseHandshakeReply } from '@webroster/protocol'
import type { DeviceClock } from '../clock/device-clock'
import { stampKey } from '../store/options'
import type { Store } from '../store/store'
import type { AdmsClient } from './adms-client'
import { storeHandshakeOptions } from './sync-settings'
import { UploadRefusedError } from './upload-reply'

/**
 * `registered`: an option block came back (with what a stamp of `0` put back in the outbox);
 * `pending`: the server knows us but hands out nothing, and `reason` says what it answered.
 */
export type HandshakeOutcome =
  | { kind: 'registered'; resent: { punches: number; oplog: number } }
  | { kind: 'pending'; reason: string }

/**
 * Sends the handshake and applies its answer: options stored, clock set from `Date` and, when the
 * block names one, `TimeZone`. A plain `OK` (or `UNKNOWN Device`) means not admitted yet: nothing
 * is stored and the caller retries later, keeping every punch. A stamp of `0` asks for the whole
 * table again: its records go back in the outbox (the server deduplicates what it already has).
 */
export async function performHandshake(
  client: AdmsClient,
  store: Store,
  clock: Pick<DeviceClock, 'applyServerTime'>,
  signal?: AbortSignal,
): Promise<HandshakeOutcome> {
  const reply = await client.handshake(signal)
  if (reply.status !== 200) throw new UploadRefusedError(`handshake: HTTP ${reply.status}`)
  if (!/^\s*GET OPTION FROM:/i.test(reply.body)) {
    clock.applyServerTime(reply.date)
    return { kind: 'pending', reason: pendingReason(reply.body) }
  }
  const options = parseHandshakeReply(reply.body)
  const resent = store.transaction(() => {
    storeHandshakeOptions(store, options)
    return resendZeroStamps(store, options.stamps)
  })
  const zone = /^TimeZone=(.*)$/im.exec(reply.body)?.[1]?.trim()
  clock.applyServerTime(reply.date, zone)
  return { kind: 'registered', resent }
}

function resendZeroStamps(
  store: Store,
  stamps: HandshakeStamps,
): { punches: number; oplog: number } {
  const resent = { punches: 0, oplog: 0 }
  if (stamps.ATTLOG?.trim() === '0') {
    resent.punches = store.resendAllPunches()
    store.deleteOption(stampKey('ATTLOG'))
  }
  if (stamps.OPERLOG?.trim() === '0') {
    resent.oplog = store.resendAllOplog()
    store.deleteOption(stampKey('OPERLOG'))
  }
  return resent
}

/** What the server's not-yet answer means, for the log line an installer reads. */
function pendingReason(body: string): string {
  const text = body.trim().slice(0, 100)
  if (text === '' || /^OK$/i.test(text)) {
    return 'the server knows this terminal but has not admitted it: approve it on the server (answer "OK" without options)'
  }
  if (/unknown/i.test(text)) {
    return `the server does not know this serial number (answer ${JSON.stringify(text)}): register or approve it there`
  }
  return `the server answered ${JSON.stringify(text)} instead of an option block`
}
